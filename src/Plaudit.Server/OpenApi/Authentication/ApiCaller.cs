using System.Globalization;
using System.Security.Claims;
using Plaudit.Server.Platforms;

namespace Plaudit.Server.OpenApi.Authentication;

/// <summary>
/// Who is calling: a shop (HMAC), or a platform acting for a shop (OAuth bearer) with its granted scopes.
/// </summary>
/// <param name="DataVersion">The shop's data version read while authenticating, when known; keys the read cache.</param>
public sealed record ApiCaller(long ShopId, string? PlatformClientId, IReadOnlySet<string>? GrantedScopes, long? DataVersion)
{
    public const string DataVersionClaim = "plaudit:data_version";
    public const string ShopIdClaim = "plaudit:shop_id";
    public const string PlatformClaim = "plaudit:platform";
    public const string ScopeClaim = "scope";

    public bool IsPlatform => PlatformClientId is not null;

    /// <summary>HMAC callers own the shop and may do everything; platforms only what they were granted.</summary>
    public bool HasScope(string scope) => GrantedScopes is null || Scopes.Satisfies(GrantedScopes, scope);

    public static ApiCaller FromPrincipal(ClaimsPrincipal principal)
    {
        var shopId = long.Parse(principal.FindFirstValue(ShopIdClaim)!, CultureInfo.InvariantCulture);
        var platform = principal.FindFirstValue(PlatformClaim);
        long? dataVersion = principal.FindFirstValue(DataVersionClaim) is { } version ? long.Parse(version, CultureInfo.InvariantCulture) : null;
        if (platform is null)
        {
            return new ApiCaller(shopId, null, null, dataVersion);
        }
        var scopes = principal.FindAll(ScopeClaim)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);
        return new ApiCaller(shopId, platform, scopes, dataVersion);
    }

    /// <summary>The shop acting for itself, as with HMAC credentials: the merchant dashboard's caller.</summary>
    public static ApiCaller ShopOwner(long shopId) => new(shopId, null, null, null);

    public static ApiCaller Of(HttpContext context) =>
        context.Features.Get<ApiCaller>() ?? throw new InvalidOperationException("The endpoint is not behind ApiAuthenticationFilter.");
}
