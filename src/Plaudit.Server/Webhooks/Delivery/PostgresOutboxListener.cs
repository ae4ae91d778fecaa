using Npgsql;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// On PostgreSQL, LISTENs for outbox commits made by any node (including API-only ones) and wakes
/// this node's dispatcher, so the first attempt starts within milliseconds instead of a poll later.
/// </summary>
public sealed class PostgresOutboxListener(IConfiguration configuration, OutboxWake wake, TimeProvider clock, ILogger<PostgresOutboxListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Plaudit"))
        {
            // A LISTEN connection must not be shared through the pool, nor time out while idle.
            Pooling = false,
            KeepAlive = 30,
        }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => wake.Set();
                await using (var listen = new NpgsqlCommand($"LISTEN {CommitInterceptor.OutboxChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                wake.Set(); // catch up on anything committed while not listening
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Outbox LISTEN connection lost; reconnecting (polling covers the gap)");
                await Task.Delay(TimeSpan.FromSeconds(2), clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
