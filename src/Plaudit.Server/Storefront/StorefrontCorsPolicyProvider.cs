using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Plaudit.Server.Storefront;

/// <summary>
/// CORS for the storefront endpoints, decided per request: the origins allowed are the site of the
/// shop the <c>public_token</c> names, so one shop's widget cannot be embedded on another's site.
/// </summary>
public sealed class StorefrontCorsPolicyProvider : ICorsPolicyProvider
{
    public const string PolicyName = "storefront";

    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        if (policyName != PolicyName || await StorefrontShop.FindAsync(context, context.RequestAborted) is not { } shop)
        {
            return null;
        }
        return new CorsPolicyBuilder()
            .WithOrigins([.. shop.Origins()])
            .WithMethods("GET", "POST")
            .WithHeaders("Content-Type", "Public-Token", "If-None-Match")
            .WithExposedHeaders("ETag")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))
            .Build();
    }
}
