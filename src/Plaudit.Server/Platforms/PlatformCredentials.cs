namespace Plaudit.Server.Platforms;

/// <summary>What <c>platforms create</c> and <c>rotate-secret</c> print; the secret appears only here.</summary>
public sealed record PlatformCredentials(
    string ClientId, string ClientSecret, string Name, string ClientType, IReadOnlyList<string> RedirectUris,
    string WebhookUrl, IReadOnlyList<string> Scopes, DateTime CreatedAt);
