using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Plaudit.Server.Emails;
using Plaudit.Server.Merchants;
using Plaudit.Server.Storefront;

namespace Plaudit.Server.Hosting;

/// <summary>
/// Every rate limit policy in one place. Each is a fixed one-minute window per client address (per
/// node; IPv6 per /64; behind a proxy, list it in <c>Hosting:TrustedProxies</c>), its limit read
/// from the feature's options on each new window.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddPlauditRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(StorefrontEndpoints.SubmitLimit, http => PerClientAddress<StorefrontOptions>(http, o => o.SubmissionsPerMinute));
            limiter.AddPolicy(StorefrontEndpoints.EventLimit, http => PerClientAddress<StorefrontOptions>(http, o => o.EventsPerMinute));
            limiter.AddPolicy(StorefrontWidgetEndpoints.UploadLimit, http => PerClientAddress<StorefrontOptions>(http, o => o.UploadPoliciesPerMinute));
            limiter.AddPolicy(EmailEndpoints.OpenLimit, http => PerClientAddress<EmailOptions>(http, o => o.OpensPerMinute));
            limiter.AddPolicy(EmailEndpoints.LinkLimit, http => PerClientAddress<EmailOptions>(http, o => o.LinkRequestsPerMinute));
            limiter.AddPolicy(MerchantPages.SignInLimit, http => PerClientAddress<MerchantOptions>(http, o => o.SignInAttemptsPerMinute));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.Response.WriteAsJsonAsync(
                    new { error = "too_many_requests", message = "Too many requests from this address; try again in a minute." }, cancellationToken);
            };
        });

    private static RateLimitPartition<string> PerClientAddress<TOptions>(HttpContext http, Func<TOptions, int> permits)
        where TOptions : class
    {
        var limit = permits(http.RequestServices.GetRequiredService<IOptions<TOptions>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter(ClientAddress.PartitionKey(http), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }
}
