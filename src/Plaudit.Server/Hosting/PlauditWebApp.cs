using Plaudit.Server.CustomerEvents;
using Plaudit.Server.Customers;
using Plaudit.Server.Media;
using Plaudit.Server.Merchants;
using Plaudit.Server.OAuth;
using Plaudit.Server.Platforms;
using Plaudit.Server.Shops;
using Plaudit.Server.Storefront;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Orders;
using Plaudit.Server.Reviews;
using Plaudit.Server.Webhooks.Delivery;
using Plaudit.Server.Webhooks.Subscriptions;
using Scalar.AspNetCore;

namespace Plaudit.Server.Hosting;

/// <summary>Builds the web application: services, the middleware order, and every endpoint map.</summary>
public static class PlauditWebApp
{
    public static WebApplication Build(string[] args)
    {
        // appsettings.json ships beside the binary; relative paths in settings (the SQLite file) stay relative to the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddPlaudit(builder.Configuration);
        builder.Services.AddPlauditOpenApiDocument();
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.PropertyNamingPolicy = OpenApiJson.Options.PropertyNamingPolicy);

        var app = builder.Build();
        app.UseTrustedProxies(builder.Configuration);
        app.UsePublicScheme(builder.Configuration);
        app.UseOpenApiErrorEnvelope();
        app.UseWhen(OpenApiErrorHandling.IsOpenApiPath, branch => branch
            .UseMiddleware<OpenApiRequestMiddleware>()
            .UseMiddleware<OAuthJsonAdapter>()
            .Use(AuthorizeEndpoint.AcceptCommaSeparatedScopes));
        // The other subscription API shapes: the same body handling and credentials, their own error format.
        app.UseWhen(http => http.GetEndpoint()?.Metadata.GetMetadata<IApiErrorFormat>() is not null, branch => branch
            .UseMiddleware<OpenApiRequestMiddleware>()
            .Use(ShoplazzaWebhookEndpoints.AcceptAccessTokenHeader));
        // OpenIddict answers its endpoints from here (token checks, revocation) and prepares bearer
        // validation. Only for those requests: its handlers open a transaction per request, which
        // HMAC-signed calls do not need. The flag tells WebApplication that authentication is placed,
        // so it does not add it in front of every request.
        app.UseWhen(OAuthPaths.NeedsOpenIddict, branch => branch.UseAuthentication());
        ((IApplicationBuilder)app).Properties["__AuthenticationMiddlewareSet"] = true;
        app.UseCors();
        app.UseRateLimiter();

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
        app.MapGet("/", () => Results.Redirect("/docs")).ExcludeFromDescription();
        return app;
    }
}
