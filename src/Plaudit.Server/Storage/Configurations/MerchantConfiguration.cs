using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Merchants;

namespace Plaudit.Server.Storage.Configurations;

public sealed class MerchantConfiguration : IEntityTypeConfiguration<Merchant>
{
    public void Configure(EntityTypeBuilder<Merchant> builder)
    {
        builder.ToTable("merchants");
        builder.Property(m => m.Email).HasMaxLength(254);
        builder.Property(m => m.PasswordHash).HasMaxLength(512);
        builder.HasIndex(m => m.Email).IsUnique();
        builder.HasIndex(m => m.ShopId);
    }
}
