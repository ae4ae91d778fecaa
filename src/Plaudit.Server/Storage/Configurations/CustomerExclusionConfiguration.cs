using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plaudit.Server.Customers;

namespace Plaudit.Server.Storage.Configurations;

public sealed class CustomerExclusionConfiguration : IEntityTypeConfiguration<CustomerExclusion>
{
    public void Configure(EntityTypeBuilder<CustomerExclusion> builder)
    {
        builder.ToTable("customer_exclusions");
        builder.Property(e => e.Email).HasMaxLength(320);
        builder.Property(e => e.Source).HasMaxLength(16);
        builder.HasIndex(e => new { e.ShopId, e.Email }).IsUnique();
    }
}
