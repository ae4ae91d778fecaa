using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Plaudit.Server.Hosting;
using Plaudit.Server.Orders;

namespace Plaudit.Server.Storefront;

public static class StorefrontServices
{
    public static IServiceCollection AddPlauditStorefront(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorefrontOptions>().Bind(configuration.GetSection(StorefrontOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ReviewVerification>();
        services.AddCors();
        services.AddSingleton<ICorsPolicyProvider, StorefrontCorsPolicyProvider>();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(StorefrontEndpoints.SubmitLimit, http => PerClientIp(http, o => o.SubmissionsPerMinute));
            limiter.AddPolicy(StorefrontEndpoints.EventLimit, http => PerClientIp(http, o => o.EventsPerMinute));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.Response.WriteAsJsonAsync(
                    new { error = "too_many_requests", message = "Too many requests from this address; try again in a minute." }, cancellationToken);
            };
        });
        return services;
    }

    /// <summary>A fixed one-minute window per client address (per node; IPv6 per /64; behind a proxy, list it in Hosting:TrustedProxies).</summary>
    private static RateLimitPartition<string> PerClientIp(HttpContext http, Func<StorefrontOptions, int> permits)
    {
        var limit = permits(http.RequestServices.GetRequiredService<IOptions<StorefrontOptions>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter(ClientAddress.PartitionKey(http), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }
}
