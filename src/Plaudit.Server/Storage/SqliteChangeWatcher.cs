using Microsoft.Data.Sqlite;

namespace Plaudit.Server.Storage;

/// <summary>
/// Whether the SQLite database has changed, cheaply: <c>PRAGMA data_version</c> on a connection of
/// its own changes whenever any other connection — in this process or another, such as a CLI verb —
/// commits. Lets hot lookups be cached without ever serving a value a commit has replaced.
/// </summary>
public sealed class SqliteChangeWatcher(string connectionString) : IDisposable
{
    private readonly Lock _gate = new();
    private SqliteConnection? _connection;
    private SqliteCommand? _command;

    public long Version()
    {
        lock (_gate)
        {
            if (_command is null)
            {
                _connection = new SqliteConnection(connectionString);
                _connection.Open();
                _command = _connection.CreateCommand();
                _command.CommandText = "PRAGMA data_version";
            }
            return (long)_command.ExecuteScalar()!;
        }
    }

    public void Dispose()
    {
        _command?.Dispose();
        _connection?.Dispose();
    }
}
