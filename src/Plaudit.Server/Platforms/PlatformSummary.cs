namespace Plaudit.Server.Platforms;

/// <summary>What <c>platforms list</c> prints: everything but the secret.</summary>
public sealed record PlatformSummary(
    string ClientId, string Name, string ClientType, IReadOnlyList<string> RedirectUris, string WebhookUrl,
    IReadOnlyList<string> Scopes, int AuthorizedShops, DateTime CreatedAt);
