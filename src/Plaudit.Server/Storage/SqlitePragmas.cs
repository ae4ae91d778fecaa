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
/// </list>
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA mmap_size=1073741824;";
    private readonly ConditionalWeakTable<object, object> _configured = [];

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (FirstOpen(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (FirstOpen(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>True the first time this native connection is seen (a pooled one comes back with its settings).</summary>
    private bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || _configured.TryAdd(handle, handle);
}
