using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Webhooks.Delivery;
using Plaudit.Server.Webhooks.Subscriptions;

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

public sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.Property(d => d.Topic).HasMaxLength(64);
        builder.Property(d => d.RequestId).HasMaxLength(32);
        builder.Property(d => d.Status).HasMaxLength(16);
        builder.Property(d => d.LeaseOwner).HasMaxLength(64);
        builder.Property(d => d.LastError).HasMaxLength(1024);
        // The worker's claim: due pending deliveries in time order.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.SubscriptionId, d.Status, d.CreatedAt });
        builder.HasIndex(d => new { d.ShopId, d.CreatedAt });
        builder.HasIndex(d => d.OutboxEventId);
    }
}

public sealed class DeliveryAttemptConfiguration : IEntityTypeConfiguration<DeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<DeliveryAttempt> builder)
    {
        builder.ToTable("webhook_delivery_attempts");
        builder.Property(a => a.ResponseBody).HasMaxLength(1024);
        builder.Property(a => a.Error).HasMaxLength(1024);
        builder.HasIndex(a => new { a.DeliveryId, a.Number });
    }
}
