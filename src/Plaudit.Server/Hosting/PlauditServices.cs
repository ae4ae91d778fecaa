using Microsoft.AspNetCore.Authentication;
using Plaudit.Server.Security;
using Plaudit.Server.CustomerEvents;
using Plaudit.Server.Customers;
using Plaudit.Server.Demo;
using Plaudit.Server.Emails;
using Plaudit.Server.Media;
using Plaudit.Server.Merchants;
using Plaudit.Server.OAuth;
using Plaudit.Server.Platforms;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Orders;
using Plaudit.Server.Outbox;
using Plaudit.Server.Reviews;
using Plaudit.Server.Shops;
using Plaudit.Server.Storage;
using Plaudit.Server.Storefront;
using Plaudit.Server.Webhooks;

namespace Plaudit.Server.Hosting;

public static class PlauditServices
{
    /// <summary>Everything the server and the CLI verbs share: storage, keys, clock, and the feature services.</summary>
    public static IServiceCollection AddPlaudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<PublicUrlOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PublicUrl>();
        services.AddMemoryCache();
        services.AddSingleton<DecryptedSecretCache>();
        services.AddOptions<OpenApiOptions>().Bind(configuration.GetSection(OpenApiOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<ReadCacheOptions>().Bind(configuration.GetSection(ReadCacheOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ReadCache>();
        services.AddPlauditStorage(configuration);
        services.AddPlauditKeyRing(configuration);
        services.AddTrustedProxies(configuration);

        // No default scheme: only the Open API filter authenticates, and only its own routes (HMAC
        // through HmacVerifier; bearer tokens through this scheme, on top of OpenIddict's validation).
        services.AddSingleton<HmacVerifier>();
        services.AddSingleton<RecentReadSignatures>();
        if (DatabaseOptions.From(configuration).IsPostgres)
        {
            services.AddSingleton<IUsedSignatures, PostgresUsedSignatures>();
        }
        else
        {
            services.AddSingleton<IUsedSignatures, InProcessUsedSignatures>();
        }
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(ApiAuthenticationFilter.BearerSchemeName, null)
            .AddMerchantCookie();
        services.AddPlauditOAuth(configuration);
        services.AddPlauditAntiforgery();

        services.AddSingleton<ShopTokens>();
        services.AddSingleton<ShopLookupQuery>();
        services.AddScoped<ShopCredentials>();
        services.AddSingleton<ShopRowCache>();
        services.AddScoped<ShopRegistry>();
        services.AddScoped<ShopSettingsChanges>();
        services.AddScoped<OutboxWriter>();
        services.AddScoped<ReviewStore>();
        services.AddSingleton<ReviewWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ReviewWriter>());
        services.AddScoped<ReviewModerator>();
        services.AddScoped<OrderImporter>();
        services.AddSingleton<CustomerEventRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<CustomerEventRecorder>());
        services.AddScoped<CustomerExclusions>();
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<DemoSeeder>();
        services.AddSingleton<PlatformSecrets>();
        services.AddScoped<PlatformRegistry>();
        services.AddScoped<PlatformGrants>();
        services.AddScoped<MerchantAccounts>();
        services.AddOptions<MerchantOptions>().Bind(configuration.GetSection(MerchantOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddPlauditWebhooks(configuration);
        services.AddPlauditMedia(configuration);
        services.AddPlauditStorefront(configuration);
        services.AddPlauditEmails(configuration);
        services.AddSingleton<Widget.WidgetScript>();
        services.AddScoped<Feeds.GoogleProductReviewsFeed>();
        services.AddPlauditRateLimits();
        return services;
    }
}
