using Microsoft.Extensions.Options;

namespace Plaudit.Server.Emails;

/// <summary>
/// The background loop of a sending node: sends batches while any are due, then looks again after
/// <see cref="EmailOptions.PollInterval"/> (or at once when this node scheduled something due now).
/// </summary>
public sealed class ReviewEmailWorker(ReviewEmailSender sender, ReviewEmailWake wake, IMailTransport transport, IOptions<EmailOptions> options,
    ILogger<ReviewEmailWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Review-request emails go to {Transport}", transport.Description);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await sender.SendDueAsync(stoppingToken) > 0)
                {
                    continue;
                }
                await wake.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The review email loop failed; trying again shortly");
                await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
