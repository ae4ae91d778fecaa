using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Merchants;
using Plaudit.Server.Platforms;

namespace Plaudit.Server.Storage.Configurations;

public sealed class PlatformConfiguration : IEntityTypeConfiguration<Platform>
{
    public void Configure(EntityTypeBuilder<Platform> builder)
    {
        builder.ToTable("platforms");
        builder.Property(p => p.ClientId).HasMaxLength(100);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.WebhookUrl).HasMaxLength(2048);
        builder.Property(p => p.ProtectedClientSecret).HasMaxLength(1024);
        builder.Property(p => p.Scopes).HasMaxLength(512);
        builder.HasIndex(p => p.ClientId).IsUnique();
    }
}

public sealed class PlatformGrantConfiguration : IEntityTypeConfiguration<PlatformGrant>
{
    public void Configure(EntityTypeBuilder<PlatformGrant> builder)
    {
        builder.ToTable("platform_grants");
        builder.Ignore(g => g.IsActive);
        builder.Ignore(g => g.ScopeList);
        builder.Property(g => g.PlatformClientId).HasMaxLength(100);
        builder.Property(g => g.Scopes).HasMaxLength(512);
        builder.Property(g => g.RevokedBy).HasMaxLength(64);
        // One row per shop and platform: re-authorizing reuses it (with a new generation).
        builder.HasIndex(g => new { g.ShopId, g.PlatformClientId }).IsUnique();
        builder.HasIndex(g => g.PlatformClientId);
    }
}

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

public sealed class MerchantSignInLinkConfiguration : IEntityTypeConfiguration<MerchantSignInLink>
{
    public void Configure(EntityTypeBuilder<MerchantSignInLink> builder)
    {
        builder.ToTable("merchant_sign_in_links");
        builder.Property(l => l.TokenHash).HasMaxLength(64);
        builder.HasIndex(l => l.TokenHash).IsUnique();
    }
}
