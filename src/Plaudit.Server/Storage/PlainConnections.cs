using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Plaudit.Server.Storage;

/// <summary>
/// Connections to the same database without EF Core, for the few point reads on every shopper
/// request: EF's pipeline and the SQL functions it registers on every SQLite open cost several
/// times the query itself there. Pooled by the provider like EF's own.
/// </summary>
public sealed class PlainConnections : IDisposable
{
    private readonly string? _sqlite;
    private readonly NpgsqlDataSource? _postgres;

    /// <summary>About the number of requests that read at once on a small machine; more are closed on return.</summary>
    private const int MaxIdle = 16;
    private readonly ConcurrentBag<PreparedConnection> _idle = [];
    private int _idleCount;
    private volatile bool _disposed;

    private PlainConnections(string? sqlite, NpgsqlDataSource? postgres)
    {
        _sqlite = sqlite;
        _postgres = postgres;
    }

    public static PlainConnections ForSqlite(string connectionString) => new(connectionString, null);

    public static PlainConnections ForPostgres(string connectionString) => new(null, NpgsqlDataSource.Create(connectionString));

    /// <summary>
    /// A connection for statements run on every request: on SQLite it comes back to this pool with
    /// its statements still prepared (a few idle ones are kept; each holds its page cache). Leased
    /// connections run every statement in its own read transaction, as a fresh one would.
    /// </summary>
    public async ValueTask<PreparedConnection> LeaseAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return new PreparedConnection(await _postgres.OpenConnectionAsync(cancellationToken), keepsStatements: false, release: null);
        }
        if (_idle.TryTake(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            return idle;
        }
        var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync(cancellationToken);
        await SqlitePragmas.ApplyOnceAsync(connection, cancellationToken);
        return new PreparedConnection(connection, keepsStatements: true, Release);
    }

    private void Release(PreparedConnection connection)
    {
        if (!_disposed && Interlocked.Increment(ref _idleCount) <= MaxIdle)
        {
            _idle.Add(connection);
            return;
        }
        Interlocked.Decrement(ref _idleCount);
        connection.CloseAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Adds a named parameter (<c>@name</c>; both providers read that form).</summary>
    public static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var idle))
        {
            idle.CloseAsync().AsTask().GetAwaiter().GetResult();
        }
        _postgres?.Dispose();
    }
}
