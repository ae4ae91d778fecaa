using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Emails;
using Plaudit.Server.Shops;

namespace Plaudit.Server.Storage.Configurations;

public sealed class EmailSettingsConfiguration : IEntityTypeConfiguration<EmailSettings>
{
    public void Configure(EntityTypeBuilder<EmailSettings> builder)
    {
        builder.ToTable("email_settings");
        builder.HasKey(s => s.ShopId);
        builder.Property(s => s.ShopId).ValueGeneratedNever();
        builder.HasOne<Shop>().WithOne().HasForeignKey<EmailSettings>(s => s.ShopId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.TimeZone).HasMaxLength(64);
        builder.Property(s => s.SenderName).HasMaxLength(100);
        builder.Property(s => s.ReplyTo).HasMaxLength(254);
        builder.Property(s => s.Subject).HasMaxLength(1000);
        builder.Property(s => s.AccentColor).HasMaxLength(7);
        builder.Ignore(s => s.Window);
    }
}
