using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Merchants;

namespace Plaudit.Server.Storage.Configurations;

public sealed class MerchantSignInLinkConfiguration : IEntityTypeConfiguration<MerchantSignInLink>
{
    public void Configure(EntityTypeBuilder<MerchantSignInLink> builder)
    {
        builder.ToTable("merchant_sign_in_links");
        builder.Property(l => l.TokenHash).HasMaxLength(64);
        builder.HasIndex(l => l.TokenHash).IsUnique();
    }
}
