using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Orders;

namespace Plaudit.Server.Storage.Configurations;

public sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("orders");
        builder.Property(o => o.OrderId).HasMaxLength(64);
        builder.Property(o => o.OrderNumber).HasMaxLength(64);
        builder.Property(o => o.CustomerName).HasMaxLength(255);
        builder.Property(o => o.CustomerEmail).HasMaxLength(255);
        builder.Property(o => o.CustomerPhone).HasMaxLength(64);
        builder.Property(o => o.Lines).HasJsonConversion();
        builder.HasIndex(o => new { o.ShopId, o.OrderId }).IsUnique();
        builder.HasIndex(o => new { o.ShopId, o.OrderedAt });
        builder.HasIndex(o => new { o.ShopId, o.CustomerEmail });
    }
}
