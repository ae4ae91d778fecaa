namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>An attempt with the delivery's state after it.</summary>
public sealed record AttemptResult(
    FinishedAttempt Attempt, int Number, string Status, DateTime NextAttemptAt, DateTime? CompletedAt, string? Error, string? ResponseBody);
