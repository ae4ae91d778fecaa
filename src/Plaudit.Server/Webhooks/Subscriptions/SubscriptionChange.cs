namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>
/// What a shape's update changes; null leaves a field as it is. <paramref name="IsActive"/> true also
/// re-enables a webhook the engine disabled.
/// </summary>
public sealed record SubscriptionChange(string? Topics, string? Url, bool? IsActive);
