using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Plaudit.Server.Storage;

/// <summary>
/// Per-connection SQLite settings, applied once per native connection (Microsoft.Data.Sqlite pools
/// them, and EF opens and closes its connection around every query):
/// <list type="bullet">
/// <item>synchronous=NORMAL: in WAL mode the database stays consistent and loses nothing when the
/// process crashes (only on power loss, the last commits), and every commit is spared an fsync.</item>
/// <item>busy_timeout: a writer waits for the lock instead of failing.</item>
/// <item>mmap_size: pages are read through a memory map shared by every connection, instead of being
/// copied into each pooled connection's own cache.</item>
/// <item>wal_autocheckpoint: <see cref="SqliteCheckpointer"/> copies the log back in the background;
/// a commit copies it itself only past this larger size, as a safety net.</item>
/// </list>
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    /// <summary>The log's size, in pages, past which a committing connection checkpoints it itself (SQLite's default is 1,000).</summary>
    public const int AutoCheckpointPages = 10_000;

    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA mmap_size=1073741824; PRAGMA wal_autocheckpoint=10000;";

    // One table for the process: the plain connections (PlainConnections) draw native connections
    // from the same Microsoft.Data.Sqlite pool as EF, and must not read without the memory map.
    private static readonly ConditionalWeakTable<object, object> Configured = [];

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ApplyOnceAsync(connection, cancellationToken);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (FirstOpen(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Applies the settings the first time this native connection is seen.</summary>
    public static async Task ApplyOnceAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (FirstOpen(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>True the first time this native connection is seen (a pooled one comes back with its settings).</summary>
    private static bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Configured.TryAdd(handle, handle);
}
