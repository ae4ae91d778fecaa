namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>What one attempt saw.</summary>
public sealed record AttemptOutcome(bool Succeeded, int? StatusCode, string? ResponseBody, string? Error, TimeSpan? RetryAfter, int DurationMs);
