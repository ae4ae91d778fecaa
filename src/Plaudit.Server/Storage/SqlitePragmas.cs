using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Plaudit.Server.Storage;

/// <summary>
/// Per-connection SQLite settings. In WAL mode, synchronous=NORMAL keeps the database consistent and
/// loses nothing when the process crashes (only on power loss, the last commits), and spares an
/// fsync on every commit, which the webhook engine's many small transactions would otherwise pay.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
        command.ExecuteNonQuery();
    }
}
