using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using Plaudit.Server.CustomerEvents;
using Plaudit.Server.Customers;
using Plaudit.Server.Emails;
using Plaudit.Server.Merchants;
using Plaudit.Server.Orders;
using Plaudit.Server.Outbox;
using Plaudit.Server.Platforms;
using Plaudit.Server.ReviewForm;
using Plaudit.Server.Reviews;
using Plaudit.Server.Shops;
using Plaudit.Server.Webhooks.Delivery;

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
    public DbSet<RatingCounts> RatingCounts => Set<RatingCounts>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<CustomerEvent> CustomerEvents => Set<CustomerEvent>();
    public DbSet<CustomerExclusion> CustomerExclusions => Set<CustomerExclusion>();
    public DbSet<OutboxEvent> OutboxEvents => Set<OutboxEvent>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<DeliveryAttempt> DeliveryAttempts => Set<DeliveryAttempt>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Platform> Platforms => Set<Platform>();
    public DbSet<PlatformGrant> PlatformGrants => Set<PlatformGrant>();
    public DbSet<Merchant> Merchants => Set<Merchant>();
    public DbSet<MerchantSignInLink> MerchantSignInLinks => Set<MerchantSignInLink>();
    public DbSet<EmailSettings> EmailSettings => Set<EmailSettings>();
    public DbSet<ReviewEmail> ReviewEmails => Set<ReviewEmail>();
    public DbSet<EmailLinkKey> EmailLinkKeys => Set<EmailLinkKey>();
    public DbSet<OrderReview> OrderReviews => Set<OrderReview>();

    /// <summary>
    /// Saves, and advances <see cref="Shop.DataVersion"/> of every shop whose data changed, atomically:
    /// a cached read can then never outlive the data it was made from, on any node. The rating counts
    /// move in the same transaction. Both are written at the commit, in one statement with the outbox's
    /// NOTIFY (<c>CommitInterceptor</c>): they are the rows every writer of a shop shares, so on
    /// PostgreSQL their locks are held from that statement to the commit, not across the whole transaction.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var shopIds = ChangedShopIds();
        var addsOutboxEvents = ChangeTracker.Entries<OutboxEvent>().Any(e => e.State == EntityState.Added);
        var ratings = RatingCountChanges.Of(ChangeTracker);
        if (shopIds.Count == 0 && !addsOutboxEvents)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        // Always inside a transaction we can see commit: that is when the counters are written and the outbox wakes.
        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            HasUncommittedOutboxEvents |= addsOutboxEvents;
            PendingRatings.Absorb(ratings);
            PendingShopIds.UnionWith(shopIds);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }
            return saved;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>Rating count changes of this transaction's saves, written at its commit.</summary>
    public RatingCountChanges PendingRatings { get; } = new();

    /// <summary>Shops whose data this transaction changed: their data versions advance at its commit.</summary>
    public HashSet<long> PendingShopIds { get; } = [];

    /// <summary>Set while a transaction holds outbox events not yet committed (see <c>CommitInterceptor</c>).</summary>
    public bool HasUncommittedOutboxEvents { get; set; }

    /// <summary>Synchronous saves are for framework data only (the Data Protection key ring); shop data needs the async save.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        ChangedShopIds().Count == 0
            ? base.SaveChanges(acceptAllChangesOnSuccess)
            : throw new NotSupportedException("Save shop data with SaveChangesAsync: it also advances the shops' data versions.");

    private List<long> ChangedShopIds() => ChangeTracker.Entries<IShopData>()
        .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
        .Select(e => e.Entity.ShopId)
        .Distinct()
        .ToList();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PlauditDbContext).Assembly);
        // OpenIddict's applications, authorizations, scopes and tokens (token ids stored hashed).
        modelBuilder.UseOpenIddict();
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreApplication>().ToTable("oauth_applications");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreAuthorization>().ToTable("oauth_authorizations");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreScope>().ToTable("oauth_scopes");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreToken>().ToTable("oauth_tokens");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every stored time is UTC; SQLite hands values back unlabelled, so label them on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
