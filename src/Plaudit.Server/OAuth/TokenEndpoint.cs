using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Plaudit.Server.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Plaudit.Server.OAuth;

/// <summary>
/// <c>oauth/token</c> after OpenIddict has checked the client and the code or refresh token
/// (single use, PKCE, expiry, reuse detection): the grant must still be active, and the new tokens
/// carry at most the scopes it still holds. The response adds <c>shop_id</c>, so a platform knows
/// which shop a code was for.
/// </summary>
public static class TokenEndpoint
{
    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost(OAuthPaths.Token, ExchangeAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ExchangeAsync(HttpContext http, PlauditDbContext db)
    {
        var request = http.GetOpenIddictServerRequest();
        if (request is null || !(request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType()))
        {
            return Reject(Errors.UnsupportedGrantType, "Use grant_type authorization_code or refresh_token.");
        }
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (result.Principal is not { } principal || PlauditClaims.Read(principal) is not var (shopId, platform, generation))
        {
            return Reject(Errors.InvalidGrant, "The code or refresh token is not valid.");
        }
        var grant = await db.PlatformGrants.AsNoTracking()
            .SingleOrDefaultAsync(g => g.ShopId == shopId && g.PlatformClientId == platform, http.RequestAborted);
        if (grant is not { RevokedAt: null } || grant.Generation != generation)
        {
            return Reject(Errors.InvalidGrant, "The shop has revoked this platform's authorization; ask the merchant to authorize again.");
        }
        var granted = grant.ScopeList.ToHashSet(StringComparer.Ordinal);
        var renewed = PlauditClaims.ForGrant(shopId, platform, generation, principal.GetScopes().Where(granted.Contains));
        // Same OpenIddict authorization: reuse of any refresh token in the family revokes all of it.
        renewed.SetAuthorizationId(principal.GetAuthorizationId());
        var properties = new AuthenticationProperties(items: null, parameters: new Dictionary<string, object?> { ["shop_id"] = shopId });
        return Results.SignIn(renewed, properties, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Reject(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
