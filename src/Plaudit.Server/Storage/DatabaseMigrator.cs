using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Plaudit.Server.Security;

namespace Plaudit.Server.Storage;

/// <summary>
/// Applies pending migrations (EF Core takes a database lock, so nodes starting together are safe);
/// on SQLite also switches the file to WAL so readers don't block the writer. Then makes sure the
/// stored Data Protection key ring is encrypted with the current key, before anything reads it.
/// </summary>
public sealed class DatabaseMigrator(PlauditDbContext db, KeyRingAtRest keyRing, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        // Creating the history table first spares a logged "failed command" when EF probes a new database.
        await db.Database.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        logger.LogInformation("Database ready ({Provider})", db.Database.ProviderName);
        await keyRing.WrapAsync(cancellationToken);
    }
}
