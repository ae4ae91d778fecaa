using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Outbox;

namespace Plaudit.Server.Storage.Configurations;

public sealed class OutboxEventConfiguration : IEntityTypeConfiguration<OutboxEvent>
{
    public void Configure(EntityTypeBuilder<OutboxEvent> builder)
    {
        builder.ToTable("outbox_events");
        builder.Property(e => e.EventId).HasMaxLength(32);
        builder.Property(e => e.Topic).HasMaxLength(64);
        builder.Property(e => e.PlatformClientId).HasMaxLength(100);
        builder.HasIndex(e => e.EventId).IsUnique();
        // How dispatch is tracked differs by provider (see OutboxProgress), and so does the index that
        // follows it: see the provider contexts.
    }
}
