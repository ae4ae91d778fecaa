using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Outbox;

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
