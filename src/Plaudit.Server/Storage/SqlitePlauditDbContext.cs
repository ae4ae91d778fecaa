using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Outbox;

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
