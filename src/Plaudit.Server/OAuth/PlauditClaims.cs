using System.Globalization;
using System.Security.Claims;
using OpenIddict.Abstractions;
using Plaudit.Server.OpenApi.Authentication;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Plaudit.Server.OAuth;

/// <summary>What an OAuth grant's codes and tokens carry: the shop, the platform, the grant's generation.</summary>
public static class PlauditClaims
{
    public const string GrantGeneration = "plaudit:grant_generation";

    public static ClaimsPrincipal ForGrant(long shopId, string platformClientId, int generation, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity("Plaudit.OAuth", Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, shopId.ToString(CultureInfo.InvariantCulture));
        identity.SetClaim(ApiCaller.ShopIdClaim, shopId.ToString(CultureInfo.InvariantCulture));
        identity.SetClaim(ApiCaller.PlatformClaim, platformClientId);
        identity.SetClaim(GrantGeneration, generation.ToString(CultureInfo.InvariantCulture));
        identity.SetScopes(scopes);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    public static (long ShopId, string Platform, int Generation)? Read(ClaimsPrincipal principal)
    {
        if (long.TryParse(principal.GetClaim(ApiCaller.ShopIdClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var shopId)
            && principal.GetClaim(ApiCaller.PlatformClaim) is { Length: > 0 } platform
            && int.TryParse(principal.GetClaim(GrantGeneration), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            return (shopId, platform, generation);
        }
        return null;
    }
}
