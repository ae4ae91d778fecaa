namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// A delivery's request as its format builds it for one moment: what the merchant's log shows. The
/// parts that depend on that moment (a time stamp, a signature over it) are named, because the
/// request actually sent was built a few milliseconds before its attempt's recorded start.
/// </summary>
public sealed record RebuiltRequest(
    string Method,
    string Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string Body,
    DateTimeOffset At,
    IReadOnlySet<string> TimeDependentHeaders,
    bool BodyDependsOnTime);
