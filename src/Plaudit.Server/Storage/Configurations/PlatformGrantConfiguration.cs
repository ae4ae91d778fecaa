using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Platforms;

namespace Plaudit.Server.Storage.Configurations;

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
