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

    private PlainConnections(string? sqlite, NpgsqlDataSource? postgres)
    {
        _sqlite = sqlite;
        _postgres = postgres;
    }

    public static PlainConnections ForSqlite(string connectionString) => new(connectionString, null);

    public static PlainConnections ForPostgres(string connectionString) => new(null, NpgsqlDataSource.Create(connectionString));

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }
        var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Adds a named parameter (<c>@name</c>; both providers read that form).</summary>
    public static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public void Dispose() => _postgres?.Dispose();
}
