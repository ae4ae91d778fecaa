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
        return ApiResponse<ShopSettingsJson>.Ok(Json(shop, await EmailSettingsStore.GetAsync(db, shop.Id, http.RequestAborted)));
    }

    private static async Task<ApiResponse<ShopSettingsJson>> UpdateAsync(HttpContext http, PlauditDbContext db, EmailSettingsStore emailSettings, TimeProvider clock)
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
        var domain = body.String("domain", maxLength: 253)?.Trim().ToLowerInvariant();
        if (domain is { Length: > 0 } && Uri.CheckHostName(domain) != UriHostNameType.Dns)
        {
            body.Reject("domain", "must be a host name such as example.com");
        }
        var autoPublish = body.Flag("auto_publish_reviews");
        var emails = body.Object("emails") is { } emailFields ? EmailSettingsUpdate.Read(emailFields) : null;
        if (body.Error is not null)
        {
            return body.Error;
        }
        (EmailSettings Settings, string? Problem)? emailResult = emails is null ? null : await emailSettings.UpdateAsync(caller.ShopId, emails, http.RequestAborted);
        if (emailResult is { Problem: { } problem })
        {
            return ApiError.InvalidArgument($"emails.{problem}.");
        }
        var shop = await db.Shops.SingleAsync(s => s.Id == caller.ShopId, http.RequestAborted);
        shop.Domain = domain is null ? shop.Domain : domain.Length == 0 ? null : domain;
        shop.AutoPublishReviews = autoPublish ?? shop.AutoPublishReviews;
        shop.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        // Settings change what the storefront shows: advance the data version so cached answers refresh.
        shop.DataVersion++;
        await db.SaveChangesAsync(http.RequestAborted);
        return ApiResponse<ShopSettingsJson>.Ok(Json(shop, emailResult?.Settings ?? await EmailSettingsStore.GetAsync(db, shop.Id, http.RequestAborted)));
    }

    private static ShopSettingsJson Json(Shop shop, EmailSettings emails) =>
        new(WireId.Of(shop.Id), shop.Name, shop.Domain, shop.AutoPublishReviews ? 1 : 0, EmailSettingsJson.From(emails));
}
