using Microsoft.Extensions.Configuration.Memory;
using Plaudit.Server.CustomerEvents;
using Plaudit.Server.Feeds;
using Plaudit.Server.Customers;
using Plaudit.Server.Dashboard;
using Plaudit.Server.Emails;
using Plaudit.Server.Media;
using Plaudit.Server.Merchants;
using Plaudit.Server.OAuth;
using Plaudit.Server.Platforms;
using Plaudit.Server.Shops;
using Plaudit.Server.Storefront;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Orders;
using Plaudit.Server.ReviewForm;
using Plaudit.Server.Reviews;
using Plaudit.Server.RichResults;
using Plaudit.Server.Webhooks;
using Plaudit.Server.Webhooks.Subscriptions;
using Plaudit.Server.Widget;
using Scalar.AspNetCore;

namespace Plaudit.Server.Hosting;

/// <summary>Builds the web application: services, the middleware order, and every endpoint map.</summary>
public static class PlauditWebApp
{
    /// <param name="args">Command-line arguments: configuration (<c>--Section:Key value</c>), <c>--urls</c>, <c>--environment</c>.</param>
    /// <param name="tryingOut">
    /// <c>serve --demo</c>: someone trying Plaudit out on one machine, as in the Development
    /// environment, so webhooks may reach receivers on loopback and the local network.
    /// </param>
    /// <param name="replaceServices">
    /// Registrations made after Plaudit's own, so they win: a test gives the server a fake clock here.
    /// </param>
    public static WebApplication Build(string[] args, bool tryingOut = false, Action<IServiceCollection>? replaceServices = null)
    {
        // appsettings.json ships beside the binary; relative paths in settings (the SQLite file) stay relative to the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (tryingOut || builder.Environment.IsDevelopment())
        {
            // Beneath appsettings.json, environment variables and the command line: any of those still wins.
            builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = WebhookOptions.LocalDefaults });
        }
        builder.Services.AddPlaudit(builder.Configuration);
        // Long filter lists and bad input reach the API, which answers them in its envelope; Kestrel's
        // defaults (8 KB request line) would refuse them with a bare 414.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestLineSize = 64 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
        });
        builder.Services.AddPlauditOpenApiDocument();
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.PropertyNamingPolicy = OpenApiJson.Options.PropertyNamingPolicy);
        builder.Services.AddPlauditDashboard();
        replaceServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseTrustedProxies(builder.Configuration);
        app.UsePublicScheme();
        app.UseOpenApiErrorEnvelope();
        app.Use(NulQueryGuard.RejectNulInQueryAsync);
        // Shoplazza's Access-Token header is its bearer token: named so before anything authenticates.
        app.Use(ShoplazzaWebhookEndpoints.AcceptAccessTokenHeader);
        // OpenIddict answers its endpoints from here (token checks, revocation) and prepares bearer
        // validation. Only for those requests: its handlers open a transaction per request, which
        // HMAC-signed calls do not need. Bearer API calls pass it before their body is read, so a token
        // is checked first; OpenIddict's own endpoints after, as they read the buffered body. The flag
        // tells WebApplication that authentication is placed, so it does not add it in front of every request.
        app.UseWhen(IsBearerApiCall, branch => branch.UseAuthentication());
        app.UseWhen(OpenApiErrorHandling.IsOpenApiPath, branch => branch
            .UseMiddleware<OpenApiRequestMiddleware>()
            .UseMiddleware<OAuthJsonAdapter>()
            .Use(AuthorizeEndpoint.AcceptCommaSeparatedScopes));
        // The other subscription API shapes: the same body handling and credentials, their own error format.
        app.UseWhen(http => http.GetEndpoint()?.Metadata.GetMetadata<IApiErrorFormat>() is not null, branch => branch
            .UseMiddleware<OpenApiRequestMiddleware>());
        app.UseWhen(http => OAuthPaths.NeedsOpenIddict(http) && !IsBearerApiCall(http), branch => branch.UseAuthentication());
        ((IApplicationBuilder)app).Properties["__AuthenticationMiddlewareSet"] = true;
        app.UseCors();
        app.UseRateLimiter();
        // The dashboard's pages: a merchant session (the authorization policy names its scheme) and
        // antiforgery on every form they post.
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseDashboardHeaders();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", options => options.WithTitle("Plaudit API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription();

        app.MapOpenApiGroup()
            .MapReviewEndpoints()
            .MapOrderEndpoints()
            .MapCustomerEventEndpoints()
            .MapCustomerEndpoints()
            .MapTrustooWebhookEndpoints()
            .MapTestWebhookEndpoint()
            .MapDeliveryEndpoints()
            .MapPlatformManagementEndpoints()
            .MapMediaUploadEndpoints()
            .MapReviewModerationEndpoints()
            .MapShopSettingsEndpoints()
            .MapOrderImportEndpoint();
        // Open API paths without HMAC or bearer: the authorize URL needs none, the token calls use the merchant session.
        app.MapGroup(OpenApiRequestMiddleware.PathPrefix).WithTags("Open API").WithMetadata(new NotHmacAuthenticated())
            .MapAuthorizeUrlEndpoint()
            .MapShopTokenEndpoints();
        app.MapShoplazzaWebhookEndpoints();
        app.MapTrutoWebhookEndpoints();
        app.MapAuthorizeEndpoint();
        app.MapTokenEndpoint();
        app.MapMerchantPages();
        app.MapLocalMediaEndpoints();
        app.MapStorefrontEndpoints();
        app.MapEmailEndpoints();
        app.MapReviewFormEndpoints();
        app.MapStorefrontWidgetEndpoints();
        app.MapWidgetEndpoints();
        if (tryingOut)
        {
            app.MapWidgetDemoPage();
        }
        app.MapRichResultsEndpoints();
        app.MapFeedEndpoints();
        app.MapDashboard();
        return app;
    }

    private static bool IsBearerApiCall(HttpContext http) =>
        !string.IsNullOrWhiteSpace(http.Request.Headers.Authorization)
        && http.GetEndpoint()?.Metadata.GetMetadata<RequiresApiCredentials>() is not null;
}
