namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// The candidates for a delivery's signing secret, all encrypted: the subscription's own, else its
/// platform's client secret, else the shop's private token.
/// </summary>
public sealed record SigningKey(string? SubscriptionSecret, string? PlatformSecret, string ShopPrivateToken);
