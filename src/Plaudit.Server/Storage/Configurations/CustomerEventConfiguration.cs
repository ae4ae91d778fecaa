using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.CustomerEvents;

namespace Plaudit.Server.Storage.Configurations;

public sealed class CustomerEventConfiguration : IEntityTypeConfiguration<CustomerEvent>
{
    public void Configure(EntityTypeBuilder<CustomerEvent> builder)
    {
        builder.ToTable("customer_events");
        builder.Property(e => e.ClientId).HasMaxLength(128);
        builder.Property(e => e.EventType).HasMaxLength(64);
        builder.Property(e => e.EventSource).HasMaxLength(32);
        builder.Property(e => e.DeviceType).HasMaxLength(32);
        builder.Property(e => e.OsType).HasMaxLength(32);
        builder.Property(e => e.PageUrl).HasMaxLength(2048);
        builder.HasIndex(e => new { e.ShopId, e.CreatedAt, e.Id });
        builder.HasIndex(e => new { e.ShopId, e.EventType, e.CreatedAt });
    }
}
