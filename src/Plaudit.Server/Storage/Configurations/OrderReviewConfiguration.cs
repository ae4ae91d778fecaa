using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Orders;
using Plaudit.Server.ReviewForm;
using Plaudit.Server.Reviews;

namespace Plaudit.Server.Storage.Configurations;

public sealed class OrderReviewConfiguration : IEntityTypeConfiguration<OrderReview>
{
    public void Configure(EntityTypeBuilder<OrderReview> builder)
    {
        builder.ToTable("order_reviews");
        builder.HasKey(r => new { r.OrderRowId, r.ProductId });
        builder.Property(r => r.ProductId).HasMaxLength(64);
        builder.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderRowId).OnDelete(DeleteBehavior.Cascade);
        // A review the merchant deletes frees the product for a new one.
        builder.HasOne<Review>().WithMany().HasForeignKey(r => r.ReviewId).OnDelete(DeleteBehavior.Cascade);
    }
}
