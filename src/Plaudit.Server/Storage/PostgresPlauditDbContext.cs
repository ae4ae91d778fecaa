using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using Plaudit.Server.CustomerEvents;
using Plaudit.Server.Customers;
using Plaudit.Server.Merchants;
using Plaudit.Server.Platforms;
using Plaudit.Server.Orders;
using Plaudit.Server.Outbox;
using Plaudit.Server.Reviews;
using Plaudit.Server.Shops;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Storage;

public sealed class PostgresPlauditDbContext(DbContextOptions<PostgresPlauditDbContext> options) : PlauditDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // The drain reads undispatched events in commit order; the purge reads dispatched ones by time.
        modelBuilder.Entity<OutboxEvent>().HasIndex(e => new { e.DispatchedAt, e.Id });
    }
}
