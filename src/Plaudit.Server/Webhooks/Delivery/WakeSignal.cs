namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>An async auto-reset event: many Set calls before a wait collapse into one wake-up.</summary>
public class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Set()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; the waiter will see it.
        }
    }

    /// <summary>Waits for a signal or the timeout; true when signalled.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);

    public void Dispose()
    {
        _semaphore.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>New events were committed to the outbox.</summary>
public sealed class OutboxWake : WakeSignal;

/// <summary>New deliveries are due.</summary>
public sealed class DeliveryWake : WakeSignal;
