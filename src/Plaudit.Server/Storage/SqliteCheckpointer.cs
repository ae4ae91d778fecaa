using Microsoft.Data.Sqlite;

namespace Plaudit.Server.Storage;

/// <summary>
/// Copies the SQLite write-ahead log back into the database file in the background, so writers do
/// not. By default the connection whose commit takes the log past 1,000 pages copies them itself,
/// with two fsyncs, before its caller is answered; on the storefront that was the review writer, the
/// one serial path every submission waits on, and review submissions ran about a quarter faster with
/// the copy moved here. Every interval, when something was committed since the last pass, a passive
/// checkpoint (which never blocks readers or writers) runs on a connection of its own.
/// Connections keep SQLite's own checkpoint as a safety net at a larger size
/// (<see cref="SqlitePragmas.AutoCheckpointPages"/>): a process without this service, such as a CLI
/// verb, or a pass that falls behind, still bounds the log.
/// </summary>
public sealed class SqliteCheckpointer(string connectionString, SqliteChangeWatcher changes, TimeProvider clock, ILogger<SqliteCheckpointer> logger)
    : BackgroundService
{
    /// <summary>How often to look for committed pages to copy.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private SqliteConnection? _connection;
    private long _checkpointedVersion = -1;

    /// <summary>Checkpoints done in this process (for tests and diagnostics).</summary>
    public long Checkpoints { get; private set; }

    /// <summary>Runs a passive checkpoint when something was committed since the last; null when nothing was.</summary>
    public async Task<CheckpointResult?> CheckpointIfChangedAsync(CancellationToken cancellationToken)
    {
        // Read before checkpointing: a commit that lands during the pass changes it again, so the next pass runs.
        var version = changes.Version();
        if (version == _checkpointedVersion)
        {
            return null;
        }
        if (_connection is null)
        {
            _connection = new SqliteConnection(connectionString);
            await _connection.OpenAsync(cancellationToken);
        }
        await using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var result = new CheckpointResult(reader.GetInt32(0) != 0, reader.GetInt32(1), reader.GetInt32(2));
        _checkpointedVersion = version;
        Checkpoints++;
        return result;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CheckpointIfChangedAsync(stoppingToken);
                }
                catch (SqliteException ex)
                {
                    // The next pass tries again; meanwhile the connections' own checkpoint bounds the log.
                    logger.LogWarning(ex, "A background WAL checkpoint failed.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _connection?.Dispose();
        base.Dispose();
    }

    /// <summary>What <c>PRAGMA wal_checkpoint</c> reports: whether it was blocked, the log's pages, and how many are now in the database file.</summary>
    public sealed record CheckpointResult(bool Busy, int LogPages, int CheckpointedPages);
}
