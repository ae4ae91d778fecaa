using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Plaudit.Server.Merchants;

/// <summary>
/// The merchant session: an HttpOnly, SameSite=Lax cookie protected by the shared Data Protection
/// key ring (any node reads it). Lax keeps it on the top-level navigation from a platform to the
/// consent page, and off cross-site POSTs.
/// </summary>
public static class MerchantAuth
{
    public const string Scheme = "Merchant";
    public const string CookieName = "plaudit_merchant";
    public const string MerchantIdClaim = "plaudit:merchant_id";
    public const string ShopIdClaim = "plaudit:merchant_shop_id";

    public static AuthenticationBuilder AddMerchantCookie(this AuthenticationBuilder builder)
    {
        builder.AddCookie(Scheme, options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.SlidingExpiration = true;
            options.LoginPath = MerchantPages.SignInPath;
            options.ReturnUrlParameter = "return_url";
        });
        builder.Services.AddRateLimiter(limiter => limiter.AddPolicy(MerchantPages.SignInLimit, http =>
            System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
                {
                    PermitLimit = http.RequestServices.GetRequiredService<IOptions<MerchantOptions>>().Value.SignInAttemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                })));
        builder.Services.AddOptions<CookieAuthenticationOptions>(Scheme)
            .Configure<IOptions<MerchantOptions>>((cookie, merchants) => cookie.ExpireTimeSpan = merchants.Value.SessionLifetime);
        return builder;
    }

    public static ClaimsPrincipal Principal(Merchant merchant) => new(new ClaimsIdentity(
        [
            new Claim(MerchantIdClaim, merchant.Id.ToString(CultureInfo.InvariantCulture)),
            new Claim(ShopIdClaim, merchant.ShopId.ToString(CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Email, merchant.Email),
        ],
        Scheme));

    /// <summary>The signed-in merchant's shop, or null without a session.</summary>
    public static async Task<MerchantSession?> SessionAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(Scheme);
        if (!result.Succeeded
            || !long.TryParse(result.Principal.FindFirstValue(ShopIdClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var shopId)
            || !long.TryParse(result.Principal.FindFirstValue(MerchantIdClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var merchantId))
        {
            return null;
        }
        return new MerchantSession(merchantId, shopId, result.Principal.FindFirstValue(ClaimTypes.Email) ?? "");
    }
}

public sealed record MerchantSession(long MerchantId, long ShopId, string Email);
