using System.Data.Common;

namespace Plaudit.Server.Storage;

/// <summary>
/// A connection leased from <see cref="PlainConnections.LeaseAsync"/> whose statements stay prepared
/// from one request to the next on SQLite: preparing get_reviews' page query (a 35-column join,
/// planned against the table's nine indexes) and finalizing it afterwards cost about as much as
/// running it. On PostgreSQL it is a pooled connection and its commands are disposed with it.
/// </summary>
public sealed class PreparedConnection : IAsyncDisposable
{
    /// <summary>Statements kept per connection: the usual filters make a handful of texts, the rest are run once.</summary>
    private const int MaxPrepared = 32;

    private readonly DbConnection _connection;
    private readonly Dictionary<string, DbCommand>? _prepared;
    private readonly Action<PreparedConnection>? _release;
    private List<DbCommand>? _runOnce;

    internal PreparedConnection(DbConnection connection, bool keepsStatements, Action<PreparedConnection>? release)
    {
        _connection = connection;
        _prepared = keepsStatements ? new Dictionary<string, DbCommand>(StringComparer.Ordinal) : null;
        _release = release;
    }

    /// <summary>A command for <paramref name="sql"/> with no parameters yet; valid until the lease is disposed.</summary>
    public DbCommand Command(string sql)
    {
        if (_prepared is not null && _prepared.TryGetValue(sql, out var kept))
        {
            kept.Parameters.Clear();
            return kept;
        }
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        if (_prepared is not null && _prepared.Count < MaxPrepared)
        {
            command.Prepare();
            _prepared[sql] = command;
        }
        else
        {
            (_runOnce ??= []).Add(command);
        }
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        if (_runOnce is not null)
        {
            foreach (var command in _runOnce)
            {
                await command.DisposeAsync();
            }
            _runOnce = null;
        }
        if (_release is null)
        {
            await CloseAsync();
        }
        else
        {
            _release(this);
        }
    }

    internal async ValueTask CloseAsync()
    {
        if (_prepared is not null)
        {
            foreach (var command in _prepared.Values)
            {
                await command.DisposeAsync();
            }
            _prepared.Clear();
        }
        await _connection.DisposeAsync();
    }
}
