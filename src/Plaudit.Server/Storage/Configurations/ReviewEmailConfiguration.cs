using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Emails;
using Plaudit.Server.Orders;

namespace Plaudit.Server.Storage.Configurations;

public sealed class ReviewEmailConfiguration : IEntityTypeConfiguration<ReviewEmail>
{
    public void Configure(EntityTypeBuilder<ReviewEmail> builder)
    {
        builder.ToTable("review_emails");
        builder.HasOne<Order>().WithMany().HasForeignKey(e => e.OrderRowId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Kind).HasMaxLength(16);
        builder.Property(e => e.Status).HasMaxLength(16);
        builder.Property(e => e.LeaseOwner).HasMaxLength(64);
        builder.Property(e => e.LastError).HasMaxLength(1000);
        builder.Property(e => e.MessageId).HasMaxLength(255);
        // One email of each kind per order: the database refuses a second request, whoever schedules it.
        builder.HasIndex(e => new { e.OrderRowId, e.Kind }).IsUnique();
        builder.HasIndex(e => new { e.Status, e.DueAt });
        builder.HasIndex(e => new { e.ShopId, e.Status });
    }
}
