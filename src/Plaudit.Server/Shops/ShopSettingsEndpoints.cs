using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Emails;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Shops;

/// <summary>
/// The shop's own settings (Plaudit extensions, HMAC only: platforms have no scope for them):
/// its domain (the storefront widget's CORS origin), whether storefront reviews skip moderation, and
/// its review-request emails (<c>emails</c>; see <see cref="EmailSettingsUpdate"/>).
/// </summary>
public static class ShopSettingsEndpoints
{
    public static RouteGroupBuilder MapShopSettingsEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/get_shop_settings", GetAsync).WithName("GetShopSettings").WithSummary("The shop's domain, storefront moderation and review-request email settings (Plaudit extension)");
        api.MapPost("/update_shop_settings", UpdateAsync).Accepts<UpdateShopSettingsRequest>("application/json")
            .WithName("UpdateShopSettings").WithSummary("Change the shop's domain, whether storefront reviews are published at once, or its review-request emails (Plaudit extension)");
        return api;
    }

    private static async Task<ApiResponse<ShopSettingsJson>> GetAsync(HttpContext http, PlauditDbContext db)
    {
        if (ApiCaller.Of(http).IsPlatform)
        {
            return ApiError.PermissionDenied("Shop settings are the shop's own (HMAC).");
        }
        var shop = await db.Shops.AsNoTracking().SingleAsync(s => s.Id == ApiCaller.Of(http).ShopId, http.RequestAborted);
        return ApiResponse<ShopSettingsJson>.Ok(ShopSettingsChanges.Json(shop, await EmailSettingsStore.GetAsync(db, shop.Id, http.RequestAborted)));
    }

    private static async Task<ApiResponse<ShopSettingsJson>> UpdateAsync(HttpContext http, ShopSettingsChanges changes)
    {
        var caller = ApiCaller.Of(http);
        if (caller.IsPlatform)
        {
            return ApiError.PermissionDenied("Shop settings are the shop's own (HMAC).");
        }
        var body = JsonFields.Parse(BufferedBody.Of(http), out var parseError);
        if (parseError is not null)
        {
            return parseError;
        }
        var (settings, error) = await changes.ApplyAsync(caller.ShopId, body, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }
        return ApiResponse<ShopSettingsJson>.Ok(settings!);
    }
}
