namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>
/// A subscription to make, as a shape's endpoint read it: its <paramref name="Shape"/> (which also
/// picks the rule against twins), topics (or <c>*</c>), a target already judged by
/// <see cref="WebhookSubscriptions.TargetProblem"/>, and the webhook's own secret when the shape gives it one.
/// </summary>
public sealed record NewSubscription(string Shape, string Topics, string Url, bool IsActive = true, string? ProtectedSecret = null);
