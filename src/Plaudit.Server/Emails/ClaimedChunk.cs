using System.Collections.Concurrent;

namespace Plaudit.Server.Emails;

/// <summary>
/// A slice of a claimed batch whose checks are read together (its work, read on first ask) and whose
/// sends are recorded together once the last of them ends (<see cref="ReviewEmailSender"/>).
/// </summary>
public sealed class ClaimedChunk((long Id, int Claims)[] emails, Func<Task<Dictionary<long, ReviewEmailWork>?>> load)
{
    private readonly Lazy<Task<Dictionary<long, ReviewEmailWork>?>> _work = new(load);
    private int _unfinished = emails.Length;

    public IReadOnlyList<(long Id, int Claims)> Emails => emails;

    /// <summary>The chunk's work, null when it could not be read; the read starts on the first ask.</summary>
    public Task<Dictionary<long, ReviewEmailWork>?> Work => _work.Value;

    public bool WorkStarted => _work.IsValueCreated;

    public ConcurrentQueue<SentReviewEmail> Sent { get; } = new();

    public bool Finished => Volatile.Read(ref _unfinished) == 0;

    /// <summary>Counts one email done; true for the last.</summary>
    public bool FinishOne() => Interlocked.Decrement(ref _unfinished) == 0;
}
