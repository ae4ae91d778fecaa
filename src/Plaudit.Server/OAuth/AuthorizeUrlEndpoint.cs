using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Plaudit.Server.Hosting;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Platforms;
using Plaudit.Server.Storage;

namespace Plaudit.Server.OAuth;

/// <summary>
/// <c>get_oauth_authorize_url</c>: checks client_id, the exact redirect_uri, the scopes and the
/// state (and PKCE for public clients), then returns the one-click URL to send the merchant to.
/// It needs no credentials: it reveals nothing a platform does not already know.
/// </summary>
public static class AuthorizeUrlEndpoint
{
    public static RouteGroupBuilder MapAuthorizeUrlEndpoint(this RouteGroupBuilder api)
    {
        api.MapGet("/get_oauth_authorize_url", GetAsync)
            .DocumentQuery(
            [
                new("client_id", "string", "The platform's client_id (required)."),
                new("redirect_uri", "string", "One of the platform's registered redirect URIs, exactly (optional when it has just one)."),
                new("scope", "string", "Scopes, space- or comma-separated (default: every scope the platform may ask for). Also accepted as 'scopes'."),
                new("state", "string", "An opaque value returned unchanged to the redirect_uri (required)."),
                new("code_challenge", "string", "PKCE S256 challenge (required for public clients)."),
                new("code_challenge_method", "string", "S256."),
            ])
            .WithName("GetOAuthAuthorizeUrl").WithSummary("The one-click authorization URL for a merchant");
        return api;
    }

    private static async Task<ApiResponse<AuthorizeUrlJson>> GetAsync(HttpContext http, PlauditDbContext db, IOpenIddictApplicationManager applications)
    {
        var query = http.Request.Query;
        var clientId = query["client_id"].ToString();
        var state = query["state"].ToString();
        if (clientId.Length == 0)
        {
            return ApiError.InvalidArgument("client_id is required.");
        }
        if (state.Length is 0 or > 512)
        {
            return ApiError.InvalidArgument("state is required (at most 512 characters): it protects the platform against forged redirects.");
        }
        var platform = await db.Platforms.AsNoTracking().SingleOrDefaultAsync(p => p.ClientId == clientId, http.RequestAborted);
        var application = platform is null ? null : await applications.FindByClientIdAsync(clientId, http.RequestAborted);
        if (platform is null || application is null)
        {
            return ApiError.NotFound($"No platform with client_id '{clientId}'.");
        }

        var registered = await applications.GetRedirectUrisAsync(application, http.RequestAborted);
        var redirectUri = query["redirect_uri"].ToString();
        if (redirectUri.Length == 0 && registered.Length == 1)
        {
            redirectUri = registered[0];
        }
        if (!registered.Contains(redirectUri, StringComparer.Ordinal))
        {
            return ApiError.InvalidArgument("redirect_uri must be exactly one of the platform's registered redirect URIs.");
        }

        var allowed = ScopeDescriptions.Parse(platform.Scopes);
        var requested = ScopeDescriptions.Parse(query.ContainsKey("scope") ? query["scope"].ToString() : query["scopes"].ToString());
        var scopes = requested.Count == 0 ? allowed : requested;
        if (scopes.FirstOrDefault(s => !Scopes.All.Contains(s, StringComparer.Ordinal)) is { } unknown)
        {
            return ApiError.InvalidArgument($"scope '{unknown}' is not valid; valid scopes: {string.Join(", ", Scopes.All)}.");
        }
        if (scopes.FirstOrDefault(s => !allowed.Contains(s, StringComparer.Ordinal)) is { } notAllowed)
        {
            return ApiError.PermissionDenied($"The platform is not registered for the scope '{notAllowed}'.");
        }

        var challenge = query["code_challenge"].ToString();
        var method = query["code_challenge_method"].ToString();
        if (platform.IsPublicClient && challenge.Length == 0)
        {
            return ApiError.InvalidArgument("code_challenge is required: public clients must use PKCE with S256.");
        }
        if (challenge.Length > 0 && method != OpenIddictConstants.CodeChallengeMethods.Sha256)
        {
            return ApiError.InvalidArgument("code_challenge_method must be S256.");
        }

        var parameters = new List<KeyValuePair<string, string?>>
        {
            new("response_type", "code"),
            new("client_id", clientId),
            new("redirect_uri", redirectUri),
            new("scope", string.Join(' ', scopes)),
            new("state", state),
        };
        if (challenge.Length > 0)
        {
            parameters.Add(new("code_challenge", challenge));
            parameters.Add(new("code_challenge_method", method));
        }
        var baseUrl = PublicUrl.Of(http);
        // AbsoluteUri keeps the query's escapes; Uri.ToString() would turn %20 back into spaces.
        var url = new Uri(baseUrl, OAuthPaths.Authorize.TrimStart('/') + QueryString.Create(parameters)).AbsoluteUri;
        return ApiResponse<AuthorizeUrlJson>.Ok(new AuthorizeUrlJson(url, url, clientId, redirectUri, scopes, state));
    }
}
