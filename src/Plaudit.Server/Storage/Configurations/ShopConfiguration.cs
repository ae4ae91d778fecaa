using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Shops;

namespace Plaudit.Server.Storage.Configurations;

public sealed class ShopConfiguration : IEntityTypeConfiguration<Shop>
{
    public void Configure(EntityTypeBuilder<Shop> builder)
    {
        builder.ToTable("shops");
        builder.Property(s => s.Name).HasMaxLength(255);
        builder.Property(s => s.Domain).HasMaxLength(255);
        builder.Property(s => s.PublicToken).HasMaxLength(64);
        builder.HasIndex(s => s.PublicToken).IsUnique();
    }
}
