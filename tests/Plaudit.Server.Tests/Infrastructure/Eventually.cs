namespace Plaudit.Server.Tests.Infrastructure;

/// <summary>Polls until a probe yields a value: for state the server reaches asynchronously (a delivery recorded, an event dispatched).</summary>
public static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task<T> WaitFor<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met in time");
            }
            await Task.Delay(100);
        }
    }

    public static async Task<T> WaitFor<T>(Func<Task<T?>> probe) where T : struct
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met in time");
            }
            await Task.Delay(100);
        }
    }
}
