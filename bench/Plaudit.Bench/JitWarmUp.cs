using System.Runtime;

namespace Plaudit.Bench;

/// <summary>
/// Tiered JIT keeps re-compiling hot methods for many seconds after they first run, so a fixed
/// warm-up leaves the measured rounds still paying for it. This repeats a warm-up round until one
/// compiles next to nothing new.
/// </summary>
public static class JitWarmUp
{
    /// <summary>A round that compiles no more methods than this counts as quiet: the JIT has settled.</summary>
    public const int QuietMethods = 25;

    /// <summary>Runs <paramref name="round"/> at least three times and at most <paramref name="maxRounds"/>, until one is quiet; returns how many ran.</summary>
    public static async Task<int> UntilQuietAsync(Func<Task> round, int maxRounds)
    {
        var rounds = 0;
        long compiled;
        do
        {
            compiled = JitInfo.GetCompiledMethodCount();
            await round();
            rounds++;
        }
        while (rounds < maxRounds && (rounds < 3 || JitInfo.GetCompiledMethodCount() - compiled > QuietMethods));
        return rounds;
    }
}
