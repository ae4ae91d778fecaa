using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Storage.Configurations;

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
