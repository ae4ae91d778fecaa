namespace Plaudit.Server.OAuth;

/// <summary>The OAuth endpoints' paths (spec section 4, OAuth2).</summary>
public static class OAuthPaths
{
    public const string Authorize = "/api/v1/openapi/oauth/authorize";
    public const string Token = "/api/v1/openapi/oauth/token";
    public const string Revoke = "/api/v1/openapi/oauth_revoke_token";

    /// <summary>OpenIddict's own endpoints (authorize, token, revoke), and bearer-authenticated calls.</summary>
    public static bool NeedsOpenIddict(HttpContext http) =>
        !string.IsNullOrWhiteSpace(http.Request.Headers.Authorization)
        || http.Request.Path.Equals(Authorize, StringComparison.OrdinalIgnoreCase)
        || http.Request.Path.Equals(Token, StringComparison.OrdinalIgnoreCase)
        || http.Request.Path.Equals(Revoke, StringComparison.OrdinalIgnoreCase);
}
