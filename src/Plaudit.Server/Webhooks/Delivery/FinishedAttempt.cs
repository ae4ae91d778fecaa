namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>An attempt that has been made and must be written down.</summary>
public sealed record FinishedAttempt(ClaimedDelivery Work, AttemptOutcome Outcome, DateTime FinishedAt);
