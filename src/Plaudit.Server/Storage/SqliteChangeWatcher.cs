using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Plaudit.Server.Storage;

/// <summary>
/// Whether the SQLite database has changed, cheaply: <c>PRAGMA data_version</c> on a connection of
/// its own changes whenever any other connection — in this process or another, such as a CLI verb —
/// commits. Lets hot lookups be cached without ever serving a value a commit has replaced.
/// </summary>
/// <remarks>
/// Values from different connections cannot be compared, so every caller shares the one connection
/// under a lock. The statement is stepped through the native API, which keeps the lock held for well
/// under a microsecond: every signed request passes here, and a longer hold made them queue.
/// </remarks>
public sealed class SqliteChangeWatcher(string connectionString) : IDisposable
{
    private readonly Lock _gate = new();
    private SqliteConnection? _connection;
    private sqlite3_stmt? _statement;

    public long Version()
    {
        lock (_gate)
        {
            _statement ??= Prepare();
            try
            {
                var result = raw.sqlite3_step(_statement);
                if (result != raw.SQLITE_ROW)
                {
                    throw new SqliteException($"PRAGMA data_version failed: {raw.sqlite3_errstr(result).utf8_to_string()}", result);
                }
                return raw.sqlite3_column_int64(_statement, 0);
            }
            finally
            {
                raw.sqlite3_reset(_statement);
            }
        }
    }

    private sqlite3_stmt Prepare()
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        // A reader in WAL mode is almost never kept waiting, but when it is, it waits rather than fails.
        raw.sqlite3_busy_timeout(_connection.Handle, 30_000);
        var result = raw.sqlite3_prepare_v2(_connection.Handle, "PRAGMA data_version", out var statement);
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException($"Preparing PRAGMA data_version failed: {raw.sqlite3_errmsg(_connection.Handle).utf8_to_string()}", result);
        }
        return statement;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _statement?.Dispose();
            _connection?.Dispose();
        }
    }
}
