using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Reviews;

namespace Plaudit.Server.Storage.Configurations;

public sealed class RatingCountsConfiguration : IEntityTypeConfiguration<RatingCounts>
{
    public void Configure(EntityTypeBuilder<RatingCounts> builder)
    {
        builder.ToTable("rating_counts");
        builder.HasKey(r => new { r.ShopId, r.ProductId });
        builder.Property(r => r.ProductId).HasMaxLength(64);
    }
}
