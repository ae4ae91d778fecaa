using Microsoft.Extensions.Options;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;
using Plaudit.Server.Webhooks.Signing;
using Plaudit.Server.Webhooks.Subscriptions;

namespace Plaudit.Server.Webhooks;

public static class WebhookServices
{
    public static IServiceCollection AddPlauditWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new RetrySchedule(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.ParseRetryDelays()));
        services.AddSingleton<IDeliveryFormat, TrustooDeliveryFormat>();
        services.AddSingleton<IDeliveryFormat, SystemDeliveryFormat>();
        services.AddSingleton<IDeliveryFormat, ShoplazzaDeliveryFormat>();
        services.AddSingleton<IDeliveryFormat, TrutoDeliveryFormat>();
        services.AddSingleton<SigningSecrets>();
        services.AddSingleton<PrivateNetworkGuard>();
        services.AddSingleton<WebhookSender>();
        services.AddScoped<DeliveryRecorder>();
        services.AddScoped<DeliveryTransitions>();
        services.AddScoped<DeliveryRequests>();
        services.AddScoped<SubscriptionCap>();
        services.AddScoped<WebhookSubscriptions>();
        services.AddSingleton<HeldDeliveries>();

        services.AddHttpClient(WebhookSender.ClientName, client =>
            {
                // WebhookSender times each attempt itself, answer body included.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(WebhookSender.UserAgent);
            })
            .ConfigurePrimaryHttpMessageHandler(sp => ReceiverConnections(sp.GetRequiredService<IOptions<WebhookOptions>>().Value, sp.GetRequiredService<PrivateNetworkGuard>()))
            .AddHttpMessageHandler(() => new ClosedConnectionHandler())
            // One pooled handler for the process: connections to receivers are reused, not rebuilt every few minutes.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // Every attempt is recorded by the engine itself; per-request log scopes would only cost time.
            .RemoveAllLoggers();

        if (configuration.GetValue(WebhookOptions.Section + ":Enabled", true))
        {
            // Hosted services stop in reverse order: the dispatcher stops before the worker, so no
            // delivery is leased to this node after its worker has given its leases up.
            services.AddHostedService<DeliveryWorker>();
            services.AddHostedService<OutboxDispatcher>();
            services.AddHostedService<WebhookMaintenance>();
            if (DatabaseOptions.From(configuration).IsPostgres)
            {
                services.AddHostedService<PostgresOutboxListener>();
            }
        }
        return services;
    }

    /// <summary>Connections to receivers: no redirects, cookies or proxy, the SSRF guard at connect time, the receiver's time limit to connect.</summary>
    private static SocketsHttpHandler ReceiverConnections(WebhookOptions options, PrivateNetworkGuard guard) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        // Through a proxy (HTTP_PROXY, say) the guard would judge the proxy's address, never the receiver's.
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        // Lanes already bound each subscription; a smaller per-host pool would let the slow
        // subscriptions of one host hold every connection its other subscriptions need.
        MaxConnectionsPerServer = options.MaxConcurrency,
        ConnectTimeout = options.Timeout,
        ConnectCallback = guard.ConnectAsync,
    };
}
