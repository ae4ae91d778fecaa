using Microsoft.Extensions.Options;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>Purges finished deliveries (with their attempts) and dispatched events older than the retention period.</summary>
public sealed class WebhookMaintenance(IServiceScopeFactory scopes, TimeProvider clock, IOptions<WebhookOptions> options, ILogger<WebhookMaintenance> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Retention < TimeSpan.FromHours(1) ? options.Value.Retention / 2 : TimeSpan.FromHours(1);
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            do
            {
                try
                {
                    await PurgeAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Purging old webhook deliveries failed");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var cutoff = clock.GetUtcNow().UtcDateTime - options.Value.Retention;
        var (deliveries, events) = await scope.ServiceProvider.GetRequiredService<DeliveryTransitions>().PurgeFinishedAsync(cutoff, cancellationToken);
        if (deliveries + events > 0)
        {
            logger.LogInformation("Purged {Deliveries} deliveries and {Events} events older than {Cutoff:o}", deliveries, events, cutoff);
        }
        return deliveries + events;
    }
}
