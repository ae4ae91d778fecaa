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

public sealed class SqlitePlauditDbContext(DbContextOptions<SqlitePlauditDbContext> options) : PlauditDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // Dispatch is a cursor here (table outbox_dispatch_cursor, made by a migration); the purge finds old events by time.
        modelBuilder.Entity<OutboxEvent>().HasIndex(e => e.OccurredAt);
    }
}
