using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Reviews;

namespace Plaudit.Server.Storage.Configurations;

public sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> builder)
    {
        builder.ToTable("reviews");
        builder.HasOne(r => r.Product).WithMany()
            .HasForeignKey(r => new { r.ShopId, r.ProductId })
            .OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.ProductId).HasMaxLength(64);
        builder.Property(r => r.Author).HasMaxLength(255);
        builder.Property(r => r.AuthorEmail).HasMaxLength(255);
        builder.Property(r => r.AuthorPhone).HasMaxLength(64);
        builder.Property(r => r.AuthorCountry).HasMaxLength(8);
        builder.Property(r => r.Title).HasMaxLength(255);
        builder.Property(r => r.ItemType).HasMaxLength(32);
        builder.Property(r => r.OrderId).HasMaxLength(64);
        builder.Property(r => r.VariantId).HasMaxLength(64);
        builder.Property(r => r.Source).HasMaxLength(32);
        builder.Property(r => r.Tag).HasMaxLength(255);
        builder.Property(r => r.Media).HasJsonConversion();
        builder.OwnsOne(r => r.Reply, reply =>
        {
            reply.Property(p => p.Id).HasColumnName("reply_id").HasMaxLength(64);
            reply.Property(p => p.Content).HasColumnName("reply_content");
            reply.Property(p => p.ReplyAt).HasColumnName("reply_at");
        });

        // The list endpoint always filters by shop and orders by time or rating; these keep it an index walk.
        builder.HasIndex(r => new { r.ShopId, r.CreatedAt, r.Id });
        builder.HasIndex(r => new { r.ShopId, r.ProductId, r.CreatedAt, r.Id });
        builder.HasIndex(r => new { r.ShopId, r.Rating, r.CreatedAt });
        builder.HasIndex(r => new { r.ShopId, r.UpdatedAt });
        builder.HasIndex(r => new { r.ShopId, r.ProductId, r.IsPublished, r.Rating });
        // The storefront's lists (published only, pinned first, newest or oldest): an index walk with no sort.
        builder.HasIndex(r => new { r.ShopId, r.ProductId, r.IsTop, r.CommentedAt, r.Id }).HasFilter("is_published");
        builder.HasIndex(r => new { r.ShopId, r.IsTop, r.CommentedAt, r.Id }).HasFilter("is_published");
        // The dashboard: its moderation queue filtered by state (pending, or published) walks this newest first, even
        // when pending reviews are rare, and on SQLite the overview's shares (pending, verified, with media) read it
        // alone, not the table: its render at 100,000 reviews went from 53 to 12 ms (bench/results/dashboard.md).
        builder.HasIndex(r => new { r.ShopId, r.IsPublished, r.CreatedAt, r.Id, r.IsVerified, r.HasMedia });
        // A storefront submission looks for the same text from the same email in the last day.
        builder.HasIndex(r => new { r.ShopId, r.AuthorEmail, r.CreatedAt });
    }
}
