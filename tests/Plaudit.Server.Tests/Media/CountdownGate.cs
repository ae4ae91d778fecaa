namespace Plaudit.Server.Tests.Media;

/// <summary>Opens once <c>count</c> parties have arrived; each waits for the others (bounded, so a broken test fails instead of hanging).</summary>
public sealed class CountdownGate(int count)
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public async Task SignalAndWaitAsync()
    {
        if (Interlocked.Increment(ref _arrived) == count)
        {
            _open.TrySetResult();
        }
        await _open.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
