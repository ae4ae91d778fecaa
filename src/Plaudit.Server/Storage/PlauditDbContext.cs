using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.CustomerEvents;
using Plaudit.Server.Customers;
using Plaudit.Server.Orders;
using Plaudit.Server.Outbox;
using Plaudit.Server.Reviews;
using Plaudit.Server.Shops;

namespace Plaudit.Server.Storage;

/// <summary>
/// The one database. Provider-specific subclasses exist only so each provider keeps its own
/// migrations (<see cref="SqlitePlauditDbContext"/>, <see cref="PostgresPlauditDbContext"/>).
/// </summary>
public abstract class PlauditDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Shop> Shops => Set<Shop>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<CustomerEvent> CustomerEvents => Set<CustomerEvent>();
    public DbSet<CustomerExclusion> CustomerExclusions => Set<CustomerExclusion>();
    public DbSet<OutboxEvent> OutboxEvents => Set<OutboxEvent>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PlauditDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every stored time is UTC; SQLite hands values back unlabelled, so label them on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}

public sealed class SqlitePlauditDbContext(DbContextOptions<SqlitePlauditDbContext> options) : PlauditDbContext(options);

public sealed class PostgresPlauditDbContext(DbContextOptions<PostgresPlauditDbContext> options) : PlauditDbContext(options);
