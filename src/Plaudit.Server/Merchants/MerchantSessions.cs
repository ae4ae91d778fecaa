using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Merchants;

/// <summary>
/// Server-side revocation of session cookies. A cookie is valid by its protection alone until it expires
/// (sliding, <see cref="MerchantOptions.SessionLifetime"/>), so a copied one would outlive a sign-out. Each
/// cookie carries its merchant's <see cref="Merchant.SessionVersion"/>; signing out counts the version
/// up, and every request checks it (one indexed read, on the dashboard's pages and calls only).
/// </summary>
public static class MerchantSessions
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } principal || MerchantAuth.SessionOf(principal) is not { } session)
        {
            await RejectAsync(context);
            return;
        }
        // Cookies issued before sessions had a version carry none: they are version 0.
        var carried = int.TryParse(principal.FindFirst(MerchantAuth.SessionVersionClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 0;
        var db = context.HttpContext.RequestServices.GetRequiredService<PlauditDbContext>();
        var current = await db.Merchants.AsNoTracking().Where(m => m.Id == session.MerchantId && m.ShopId == session.ShopId)
            .Select(m => (int?)m.SessionVersion).FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        if (current != carried)
        {
            await RejectAsync(context);
        }
    }

    /// <summary>Ends every session of the merchant, on every device and node.</summary>
    public static Task EndAllAsync(PlauditDbContext db, long merchantId, CancellationToken cancellationToken) =>
        db.Merchants.Where(m => m.Id == merchantId).ExecuteUpdateAsync(m => m.SetProperty(x => x.SessionVersion, x => x.SessionVersion + 1), cancellationToken);

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(MerchantAuth.Scheme);
    }
}
