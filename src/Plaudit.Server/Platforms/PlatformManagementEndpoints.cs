using Microsoft.EntityFrameworkCore;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Platforms;

/// <summary>
/// Spec section 4, Platform Management: install status, authorization info, the platform's
/// <c>oauth/disconnect</c> and the shop's <c>cancel_authorization</c>. A platform sees only its own
/// grant; the shop (HMAC) sees every platform's.
/// </summary>
public static class PlatformManagementEndpoints
{
    public static RouteGroupBuilder MapPlatformManagementEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/get_shop_install_status", InstallStatus).RequireScope(Scopes.ReadShopInstallStatus)
            .WithName("GetShopInstallStatus").WithSummary("Whether Plaudit is installed on the shop");
        api.MapGet("/get_shop_authorization_info", AuthorizationInfo)
            .WithName("GetShopAuthorizationInfo").WithSummary("Which platforms the shop authorized, with which scopes, since when");
        api.MapPost("/oauth/disconnect", Disconnect)
            .WithName("OAuthDisconnect").WithSummary("The calling platform revokes its own authorization for the shop (bearer token)");
        api.MapPost("/cancel_authorization", Cancel)
            .WithName("CancelAuthorization").WithSummary("The shop revokes a platform's authorization (HMAC)");
        return api;
    }

    private static async Task<ApiResponse<InstallStatusJson>> InstallStatus(HttpContext http, PlauditDbContext db)
    {
        var shop = await db.Shops.AsNoTracking().SingleAsync(s => s.Id == ApiCaller.Of(http).ShopId, http.RequestAborted);
        return ApiResponse<InstallStatusJson>.Ok(new InstallStatusJson(
            WireId.Of(shop.Id), shop.UninstalledAt is null, WireTime.Format(shop.CreatedAt), WireTime.Format(shop.UninstalledAt)));
    }

    private static async Task<ApiResponse<AuthorizationInfoJson>> AuthorizationInfo(HttpContext http, PlauditDbContext db)
    {
        var caller = ApiCaller.Of(http);
        var grants = db.PlatformGrants.AsNoTracking().Where(g => g.ShopId == caller.ShopId);
        if (caller.PlatformClientId is { } platform)
        {
            grants = grants.Where(g => g.PlatformClientId == platform);
        }
        var rows = await grants.Join(db.Platforms, g => g.PlatformClientId, p => p.ClientId, (g, p) => new { Grant = g, p.Name })
            .OrderBy(r => r.Grant.Id).ToListAsync(http.RequestAborted);
        return ApiResponse<AuthorizationInfoJson>.Ok(new AuthorizationInfoJson(WireId.Of(caller.ShopId), rows.Select(r => new AuthorizationJson(
            r.Grant.PlatformClientId, r.Name, r.Grant.ScopeList, r.Grant.IsActive ? "active" : "revoked",
            WireTime.Format(r.Grant.GrantedAt), WireTime.Format(r.Grant.RevokedAt), r.Grant.RevokedBy)).ToList()));
    }

    private static async Task<ApiResponse<DisconnectJson>> Disconnect(HttpContext http, PlatformGrants grants)
    {
        var caller = ApiCaller.Of(http);
        if (caller.PlatformClientId is not { } platform)
        {
            return ApiError.PermissionDenied("oauth/disconnect is called by a platform with its bearer token; a shop uses cancel_authorization.");
        }
        await grants.RevokeAsync(caller.ShopId, platform, PlatformGrants.ByDisconnect, Topics.IntegrationDisconnected, http.RequestAborted);
        return ApiResponse<DisconnectJson>.Ok(new DisconnectJson(WireId.Of(caller.ShopId), platform, true));
    }

    private static async Task<ApiResponse<DisconnectJson>> Cancel(HttpContext http, CancelAuthorizationRequest request, PlatformGrants grants)
    {
        var caller = ApiCaller.Of(http);
        if (caller.IsPlatform)
        {
            return ApiError.PermissionDenied("cancel_authorization is the shop's call (HMAC); a platform uses oauth/disconnect.");
        }
        var platform = request.PlatformClientId;
        if (!await grants.RevokeAsync(caller.ShopId, platform, PlatformGrants.ByCancelAuthorization, Topics.IntegrationDisconnected, http.RequestAborted))
        {
            return ApiError.NotFound($"The platform '{platform}' holds no active authorization for this shop.");
        }
        return ApiResponse<DisconnectJson>.Ok(new DisconnectJson(WireId.Of(caller.ShopId), platform, true));
    }
}
