using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Emails;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Shops;

/// <summary>
/// Changes a shop's settings from the fields of <c>update_shop_settings</c>, field by field with the
/// API's rules (code 3 naming the field): the API and the dashboard's settings page both come here.
/// </summary>
public sealed class ShopSettingsChanges(PlauditDbContext db, EmailSettingsStore emailSettings, TimeProvider clock)
{
    public async Task<(ShopSettingsJson? Settings, ApiError? Error)> ApplyAsync(long shopId, JsonFields body, CancellationToken cancellationToken)
    {
        var domain = body.String("domain", maxLength: 253)?.Trim().ToLowerInvariant();
        if (domain is { Length: > 0 } && Uri.CheckHostName(domain) != UriHostNameType.Dns)
        {
            body.Reject("domain", "must be a host name such as example.com");
        }
        var autoPublish = body.Flag("auto_publish_reviews");
        var emails = body.Object("emails") is { } emailFields ? EmailSettingsUpdate.Read(emailFields) : null;
        if (body.Error is not null)
        {
            return (null, body.Error);
        }
        (EmailSettings Settings, string? Problem)? emailResult = emails is null ? null : await emailSettings.UpdateAsync(shopId, emails, cancellationToken);
        if (emailResult is { Problem: { } problem })
        {
            return (null, ApiError.InvalidArgument($"emails.{problem}."));
        }
        var shop = await db.Shops.SingleAsync(s => s.Id == shopId, cancellationToken);
        shop.Domain = domain is null ? shop.Domain : domain.Length == 0 ? null : domain;
        shop.AutoPublishReviews = autoPublish ?? shop.AutoPublishReviews;
        shop.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        // Settings change what the storefront shows: advance the data version so cached answers refresh.
        shop.DataVersion++;
        await db.SaveChangesAsync(cancellationToken);
        return (Json(shop, emailResult?.Settings ?? await EmailSettingsStore.GetAsync(db, shop.Id, cancellationToken)), null);
    }

    public static ShopSettingsJson Json(Shop shop, EmailSettings emails) =>
        new(WireId.Of(shop.Id), shop.Name, shop.Domain, shop.AutoPublishReviews ? 1 : 0, EmailSettingsJson.From(emails));
}
