namespace Plaudit.Server.Platforms;

public sealed record AuthorizationJson(string Platform, string PlatformName, IReadOnlyList<string> Scopes, string Status, string AuthorizedAt, string? RevokedAt, string? RevokedBy);
