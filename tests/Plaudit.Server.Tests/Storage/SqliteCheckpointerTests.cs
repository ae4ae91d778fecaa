using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Tests.Storage;

public sealed class SqliteCheckpointerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("plaudit-checkpoint").FullName;
    private readonly string _connectionString;

    public SqliteCheckpointerTests()
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "plaudit.db"), Pooling = false }.ToString();
    }

    [Fact]
    public async Task Commits_leave_the_log_to_the_checkpointer_which_copies_all_of_it_and_lets_it_restart()
    {
        await using var writer = await OpenWriterAsync();
        using var changes = new SqliteChangeWatcher(_connectionString);
        var checkpointer = new SqliteCheckpointer(_connectionString, changes, TimeProvider.System, NullLogger<SqliteCheckpointer>.Instance);

        // 1,500 commits write well past SQLite's default 1,000 pages, where a commit would have checkpointed itself.
        await InsertRowsAsync(writer, 1_500);
        var first = await checkpointer.CheckpointIfChangedAsync(CancellationToken.None);
        Assert.NotNull(first);
        Assert.True(first.LogPages > 1_000, $"the log held {first.LogPages} pages: a commit checkpointed it");
        Assert.True(first.LogPages < SqlitePragmas.AutoCheckpointPages);
        Assert.False(first.Busy);
        Assert.Equal(first.LogPages, first.CheckpointedPages);
        Assert.Equal(1_500, await CountAsync());

        // Nothing committed since: no pass.
        Assert.Null(await checkpointer.CheckpointIfChangedAsync(CancellationToken.None));

        // The next commits start the log over instead of growing it.
        await InsertRowsAsync(writer, 10);
        var second = await checkpointer.CheckpointIfChangedAsync(CancellationToken.None);
        Assert.NotNull(second);
        Assert.True(second.LogPages < 100, $"the log held {second.LogPages} pages after 10 commits: it did not restart");
        Assert.Equal(second.LogPages, second.CheckpointedPages);
        Assert.Equal(2, checkpointer.Checkpoints);
    }

    [Fact]
    public async Task The_background_service_checkpoints_on_its_interval()
    {
        await using var writer = await OpenWriterAsync();
        using var changes = new SqliteChangeWatcher(_connectionString);
        var clock = new FakeTimeProvider();
        using var checkpointer = new SqliteCheckpointer(_connectionString, changes, clock, NullLogger<SqliteCheckpointer>.Instance);
        await checkpointer.StartAsync(CancellationToken.None);
        try
        {
            await InsertRowsAsync(writer, 20);
            Assert.Equal(0, checkpointer.Checkpoints);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (checkpointer.Checkpoints == 0 && DateTime.UtcNow < deadline)
            {
                clock.Advance(SqliteCheckpointer.Interval);
                await Task.Delay(20);
            }
            Assert.Equal(1, checkpointer.Checkpoints);
        }
        finally
        {
            await checkpointer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Without_the_checkpointer_a_commit_still_bounds_the_log()
    {
        await using var writer = await OpenWriterAsync();
        // Enough commits to pass the safety net's size three times over.
        var pages = 0;
        for (var i = 0; i < 12; i++)
        {
            await InsertRowsAsync(writer, 1_000);
        }
        await using (var probe = new SqliteConnection(_connectionString))
        {
            await probe.OpenAsync();
            await using var command = probe.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            pages = reader.GetInt32(1);
        }
        Assert.InRange(pages, 1, SqlitePragmas.AutoCheckpointPages + 100);
        var walBytes = new FileInfo(Path.Combine(_folder, "plaudit.db-wal")).Length;
        Assert.True(walBytes < (SqlitePragmas.AutoCheckpointPages + 100) * 4200L, $"the log grew to {walBytes} bytes");
    }

    private async Task<SqliteConnection> OpenWriterAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await SqlitePragmas.ApplyOnceAsync(connection, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL, at TEXT NOT NULL); CREATE INDEX IF NOT EXISTS ix_rows_at ON rows (at);";
        await command.ExecuteNonQueryAsync();
        command.CommandText = "PRAGMA wal_autocheckpoint";
        Assert.Equal(SqlitePragmas.AutoCheckpointPages, Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        return connection;
    }

    private static async Task InsertRowsAsync(SqliteConnection connection, int count)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO rows (body, at) VALUES ($body, $at)";
        var body = command.Parameters.Add("$body", SqliteType.Text);
        var at = command.Parameters.Add("$at", SqliteType.Text);
        for (var i = 0; i < count; i++)
        {
            // One commit each, as the server's writers commit; random keys dirty pages across the index.
            body.Value = new string('x', 200);
            at.Value = Guid.NewGuid().ToString();
            await command.ExecuteNonQueryAsync();
        }
    }

    private async Task<long> CountAsync()
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM rows";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
