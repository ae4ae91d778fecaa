using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Plaudit.Server.Hosting;

namespace Plaudit.Server.Merchants;

/// <summary>
/// The merchant session: an HttpOnly, SameSite=Lax cookie protected by the shared Data Protection
/// key ring (any node reads it). Lax keeps it on the top-level navigation from a platform to the
/// consent page, and off cross-site POSTs; same-site pages (a sibling subdomain) still send it, so
/// every change made with it also needs an antiforgery token (the pages' forms) or a same-origin
/// request (<see cref="SameOriginRequests"/>, the JSON calls). Secure and <c>__Host-</c> named
/// with an https PublicUrl (<see cref="BrowserCookies"/>). Signing out ends every session of the merchant
/// (<see cref="MerchantSessions"/>), not only the browser's cookie.
/// </summary>
public static class MerchantAuth
{
    public const string Scheme = "Merchant";
    public const string CookieName = "plaudit_merchant";
    public const string MerchantIdClaim = "plaudit:merchant_id";
    public const string ShopIdClaim = "plaudit:merchant_shop_id";
    public const string SessionVersionClaim = "plaudit:session_version";

    public static AuthenticationBuilder AddMerchantCookie(this AuthenticationBuilder builder)
    {
        builder.AddCookie(Scheme, options =>
        {
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            options.LoginPath = MerchantPages.SignInPath;
            options.ReturnUrlParameter = "return_url";
            options.Events.OnValidatePrincipal = MerchantSessions.ValidateAsync;
        });
        builder.Services.AddOptions<CookieAuthenticationOptions>(Scheme)
            .Configure<IOptions<MerchantOptions>, IOptions<PublicUrlOptions>>((cookie, merchants, publicUrl) =>
            {
                cookie.ExpireTimeSpan = merchants.Value.SessionLifetime;
                BrowserCookies.Apply(cookie.Cookie, CookieName, publicUrl.Value);
            });
        builder.Services.AddSingleton<MerchantSignInThrottle>();
        return builder;
    }

    /// <summary>
    /// Issues the session cookie. The return URL is passed on as already checked: on the sign-in
    /// path the cookie handler would otherwise follow the query's <c>return_url</c> by its own, laxer rule.
    /// </summary>
    public static Task SignInAsync(HttpContext http, Merchant merchant, string localReturnUrl) =>
        http.SignInAsync(Scheme, Principal(merchant), new AuthenticationProperties { RedirectUri = localReturnUrl });

    public static ClaimsPrincipal Principal(Merchant merchant) => new(new ClaimsIdentity(
        [
            new Claim(MerchantIdClaim, merchant.Id.ToString(CultureInfo.InvariantCulture)),
            new Claim(ShopIdClaim, merchant.ShopId.ToString(CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Email, merchant.Email),
            new Claim(SessionVersionClaim, merchant.SessionVersion.ToString(CultureInfo.InvariantCulture)),
        ],
        Scheme));

    /// <summary>The signed-in merchant's shop, or null without a session.</summary>
    public static async Task<MerchantSession?> SessionAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(Scheme);
        return result.Succeeded ? SessionOf(result.Principal) : null;
    }

    /// <summary>The session a merchant principal carries (the dashboard's authorization policy has authenticated it), or null.</summary>
    public static MerchantSession? SessionOf(ClaimsPrincipal principal)
    {
        if (!long.TryParse(principal.FindFirstValue(ShopIdClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var shopId)
            || !long.TryParse(principal.FindFirstValue(MerchantIdClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var merchantId))
        {
            return null;
        }
        return new MerchantSession(merchantId, shopId, principal.FindFirstValue(ClaimTypes.Email) ?? "");
    }
}
