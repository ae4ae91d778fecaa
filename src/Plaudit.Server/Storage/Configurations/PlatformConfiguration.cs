using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
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
