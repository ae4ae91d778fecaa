using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Emails;

namespace Plaudit.Server.Storage.Configurations;

public sealed class EmailLinkKeyConfiguration : IEntityTypeConfiguration<EmailLinkKey>
{
    public void Configure(EntityTypeBuilder<EmailLinkKey> builder)
    {
        builder.ToTable("email_link_keys");
        builder.HasKey(k => k.Id);
        // Chosen by the node that adds it (the first is 1), so two nodes starting together agree on one.
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.ProtectedSecret).HasMaxLength(1000);
    }
}
