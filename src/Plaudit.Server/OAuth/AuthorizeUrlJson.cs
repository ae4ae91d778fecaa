namespace Plaudit.Server.OAuth;

/// <param name="AuthorizeUrl">The merchant-facing <c>oauth/authorize</c> URL.</param>
/// <param name="Url">The same URL (an alias for clients that look for <c>url</c>).</param>
public sealed record AuthorizeUrlJson(string AuthorizeUrl, string Url, string ClientId, string RedirectUri, IReadOnlyList<string> Scopes, string State);
