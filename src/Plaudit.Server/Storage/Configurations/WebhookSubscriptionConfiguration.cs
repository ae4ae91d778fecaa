using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Storage.Configurations;

public sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("webhook_subscriptions");
        builder.Ignore(s => s.TopicList);
        builder.Property(s => s.PlatformClientId).HasMaxLength(128);
        builder.Property(s => s.Shape).HasMaxLength(16);
        builder.Property(s => s.Topics).HasMaxLength(1024);
        builder.Property(s => s.Url).HasMaxLength(2048);
        builder.Property(s => s.DisabledReason).HasMaxLength(512);
        builder.Property(s => s.ProtectedSecret).HasMaxLength(1024);
        builder.HasIndex(s => new { s.PlatformClientId, s.Shape });
        builder.HasIndex(s => s.PublicId).IsUnique();
        builder.HasIndex(s => new { s.ShopId, s.IsActive });
    }
}
