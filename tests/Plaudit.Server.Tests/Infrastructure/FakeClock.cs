using Microsoft.Extensions.Time.Testing;

namespace Plaudit.Server.Tests.Infrastructure;

/// <summary>
/// A clock for a server under test that moves only when the test moves it. It starts at the real time,
/// so what the test signs with it is fresh. The engine's own short pauses wait on it too (the recorder
/// gathers outcomes for 5 ms before writing them), so <see cref="WaitFor{T}(FakeTimeProvider, Func{Task{T}})"/>
/// lets a tick of time pass before each look.
/// </summary>
public static class FakeClock
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    public static FakeTimeProvider StartingNow() => new(DateTimeOffset.UtcNow);

    public static Task<T> WaitFor<T>(this FakeTimeProvider clock, Func<Task<T?>> probe) where T : struct =>
        Eventually.WaitFor(() =>
        {
            clock.Advance(Tick);
            return probe();
        });

    public static Task<T> WaitFor<T>(this FakeTimeProvider clock, Func<Task<T?>> probe) where T : class =>
        Eventually.WaitFor(() =>
        {
            clock.Advance(Tick);
            return probe();
        });
}
