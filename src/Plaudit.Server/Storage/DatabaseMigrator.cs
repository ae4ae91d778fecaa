using Microsoft.EntityFrameworkCore;

namespace Plaudit.Server.Storage;

/// <summary>Applies pending migrations; on SQLite also switches the file to WAL so readers don't block the writer.</summary>
public sealed class DatabaseMigrator(PlauditDbContext db, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        logger.LogInformation("Database ready ({Provider}); applied {Count} migration(s)", db.Database.ProviderName, pending.Count);
    }
}
