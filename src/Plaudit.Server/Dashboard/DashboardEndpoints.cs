using Microsoft.AspNetCore.Components.Endpoints;
using Plaudit.Server.Merchants;

namespace Plaudit.Server.Dashboard;

/// <summary>
/// The merchant dashboard: Razor components rendered on the server (static SSR), one page per
/// section, forms posted back to their page with antiforgery tokens. A request without a merchant
/// session is sent to the sign-in page; with one, a page sees only the session's shop.
/// </summary>
public static class DashboardEndpoints
{
    public const string MerchantPolicy = "merchant-dashboard";

    /// <summary>
    /// Scripts and styles only from this site's own files (no inline code at all), images also from
    /// https (review photos live wherever the API put them), no frames, forms only back to Plaudit.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IServiceCollection AddPlauditDashboard(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddSingleton<DashboardAssets>();
        services.AddSingleton<OverviewStatsCache>();
        services.AddAuthorizationBuilder().AddPolicy(MerchantPolicy, policy => policy
            .AddAuthenticationSchemes(MerchantAuth.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(MerchantAuth.ShopIdClaim));
        return services;
    }

    /// <summary>Security headers on every dashboard page, set before the page renders.</summary>
    public static IApplicationBuilder UseDashboardHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
        {
            ApplyHeaders(http.Response.Headers);
        }
        await next(http);
    });

    public static void ApplyHeaders(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapRazorComponents<DashboardApp>();
        app.MapOrderImport();
        app.MapGet(DashboardPaths.Assets + "/{fileName}", (HttpContext http, string fileName, DashboardAssets assets) =>
        {
            if (assets.Find(fileName) is not { } asset)
            {
                return Results.NotFound();
            }
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(asset.Bytes, asset.ContentType);
        }).ExcludeFromDescription();
        return app;
    }
}
