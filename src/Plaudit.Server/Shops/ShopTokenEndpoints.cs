using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Merchants;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Shops;

/// <summary>
/// Spec 1.1's token endpoints, authenticated by the merchant session (the cookie of
/// <c>/merchant/sign-in</c>), plus the private token reset the spec mentions: the old token stops
/// working at once, on every node (each signed request reads the shop row).
/// </summary>
public static class ShopTokenEndpoints
{
    public static RouteGroupBuilder MapShopTokenEndpoints(this RouteGroupBuilder sessionApi)
    {
        sessionApi.MapGet("/get_open_api_information", GetInformation)
            .WithName("GetOpenApiInformation").WithSummary("The shop's public token (merchant session)");
        sessionApi.MapGet("/get_open_api_private_token", GetPrivateToken)
            .WithName("GetOpenApiPrivateToken").WithSummary("The shop's private token (merchant session)");
        sessionApi.MapPost("/reset_open_api_private_token", ResetPrivateToken)
            .WithName("ResetOpenApiPrivateToken").WithSummary("Replace the private token; the old one stops working at once (Plaudit extension)");
        return sessionApi;
    }

    private static async Task<ApiResponse<OpenApiInformationJson>> GetInformation(HttpContext http, PlauditDbContext db)
    {
        if (await MerchantAuth.SessionAsync(http) is not { } session)
        {
            return NoSession;
        }
        var shop = await db.Shops.AsNoTracking().SingleAsync(s => s.Id == session.ShopId, http.RequestAborted);
        return ApiResponse<OpenApiInformationJson>.Ok(new OpenApiInformationJson(WireId.Of(shop.Id), shop.Name, shop.PublicToken));
    }

    private static async Task<ApiResponse<PrivateTokenJson>> GetPrivateToken(HttpContext http, PlauditDbContext db, ShopTokens tokens)
    {
        if (await MerchantAuth.SessionAsync(http) is not { } session)
        {
            return NoSession;
        }
        var shop = await db.Shops.AsNoTracking().SingleAsync(s => s.Id == session.ShopId, http.RequestAborted);
        // A secret: no browser or proxy cache keeps it.
        http.Response.Headers.CacheControl = "no-store";
        return ApiResponse<PrivateTokenJson>.Ok(new PrivateTokenJson(tokens.Unprotect(shop.ProtectedPrivateToken)));
    }

    private static async Task<ApiResponse<PrivateTokenJson>> ResetPrivateToken(HttpContext http, ShopRegistry shops)
    {
        if (await MerchantAuth.SessionAsync(http) is not { } session)
        {
            return NoSession;
        }
        // The session cookie also rides along on a form another site posts here: only Plaudit's own origin may change the token.
        if (!SameOriginRequests.Allows(http))
        {
            return ApiError.PermissionDenied("This call changes the shop's credentials and is accepted only from Plaudit's own origin (send an Origin header); cross-site requests are refused.");
        }
        var privateToken = await shops.ResetPrivateTokenAsync(session.ShopId, http.RequestAborted);
        http.Response.Headers.CacheControl = "no-store";
        return ApiResponse<PrivateTokenJson>.Ok(new PrivateTokenJson(privateToken));
    }

    private static ApiError NoSession => ApiError.Unauthenticated("Sign in as the shop's merchant first (/merchant/sign-in); this call uses the merchant session cookie.");
}
