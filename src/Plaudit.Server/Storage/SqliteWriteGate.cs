namespace Plaudit.Server.Storage;

/// <summary>
/// SQLite has one writer at a time, and a connection that finds the database locked sleeps in its
/// busy handler (1 ms, 2 ms, 5 ms, ... up to 100 ms) before trying again. The webhook engine's
/// background writers (dispatch, claim, attempt log, lease renewal) queue here instead, in process,
/// so they hand the lock to each other without those sleeps. On PostgreSQL it lets everyone through.
/// </summary>
public sealed class SqliteWriteGate(bool enabled) : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public async ValueTask<Passage> EnterAsync(CancellationToken cancellationToken)
    {
        if (!enabled)
        {
            return default;
        }
        await _semaphore.WaitAsync(cancellationToken);
        return new Passage(_semaphore);
    }

    public void Dispose() => _semaphore.Dispose();

    /// <summary>Held while writing; disposing it lets the next writer in.</summary>
    public readonly struct Passage(SemaphoreSlim? semaphore) : IDisposable
    {
        public void Dispose() => semaphore?.Release();
    }
}
