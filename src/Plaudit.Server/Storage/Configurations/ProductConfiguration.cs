using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Reviews;

namespace Plaudit.Server.Storage.Configurations;

public sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("products");
        builder.HasKey(p => new { p.ShopId, p.Id });
        builder.Property(p => p.Id).HasMaxLength(64);
        builder.Property(p => p.Title).HasMaxLength(512);
        builder.Property(p => p.Handle).HasMaxLength(255);
        builder.Property(p => p.ImageSrc).HasMaxLength(2048);
        builder.Property(p => p.Url).HasMaxLength(2048);
        builder.Property(p => p.Gtin).HasMaxLength(50);
        builder.Property(p => p.Mpn).HasMaxLength(70);
        builder.Property(p => p.Sku).HasMaxLength(100);
        builder.Property(p => p.Brand).HasMaxLength(100);
    }
}
