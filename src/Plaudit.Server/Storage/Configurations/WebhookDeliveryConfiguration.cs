using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Storage.Configurations;

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
        // Every delivery is written twice (created, then its outcome), so each index here costs on the
        // engine's hottest path; none of them changes when an attempt succeeds except the claim's.
        // The worker's claim: due pending deliveries in time order. Only pending rows are in it, so a
        // delivery that is done leaves it, and it stays as small as the backlog.
        builder.HasIndex(d => new { d.NextAttemptAt, d.Id }).HasFilter("status = 'pending'");
        // A subscription's deliveries, newest first (the status filter reads the rows).
        builder.HasIndex(d => new { d.SubscriptionId, d.CreatedAt });
        // The purge keeps events that still have deliveries.
        builder.HasIndex(d => d.OutboxEventId);
    }
}
