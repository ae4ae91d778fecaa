using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Plaudit.Server.Hosting;

/// <summary>
/// <c>Hosting:TrustedProxies</c>: the reverse proxies (addresses or CIDR ranges) whose
/// X-Forwarded-For/-Proto/-Host Plaudit believes, so the client address, scheme and host are the
/// shopper's and not the proxy's. Walking X-Forwarded-For from the right, each hop is believed only
/// while the one that reported it is listed. With none listed the headers are ignored: otherwise
/// anyone could name a fresh address per request and escape every rate limit.
/// </summary>
public static class TrustedProxies
{
    public const string Key = "Hosting:TrustedProxies";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var networks = Parse(configuration);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<PublicUrlOptions>>((options, publicUrlOptions) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // The defaults trust loopback; only what the operator listed counts.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }
            // Several proxies in a row (CDN, load balancer) each add a hop; stop at the first unlisted one, however many.
            options.ForwardLimit = null;
            if (publicUrlOptions.Value.Url is { } publicUrl)
            {
                options.AllowedHosts = [publicUrl.Authority];
            }
        });
        return services;
    }

    /// <summary>Placed first, so everything after it (limits, cookies, URLs) sees the shopper's address and scheme.</summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app, IConfiguration configuration)
    {
        // The middleware believes every peer when its lists are empty: without trusted proxies it must not run at all.
        if (Parse(configuration).Count == 0)
        {
            return app;
        }
        app.Use((http, next) =>
        {
            http.Features.Set(new AddressBeforeForwarding(http.Request.Scheme, http.Request.Host));
            return next();
        });
        return app.UseForwardedHeaders();
    }

    /// <summary>
    /// The scheme and host this request would have had without a trusted proxy's word: where they
    /// differ now, a listed proxy named them, and <see cref="PublicUrl"/> may build URLs from them.
    /// </summary>
    public sealed record AddressBeforeForwarding(string Scheme, HostString Host);

    /// <summary>A list (<c>Hosting:TrustedProxies:0</c>, ...) or one value separated by commas or spaces; a bad entry stops the start.</summary>
    public static IReadOnlyList<System.Net.IPNetwork> Parse(IConfiguration configuration)
    {
        var section = configuration.GetSection(Key);
        var entries = new[] { section.Value }.Concat(section.GetChildren().Select(c => c.Value))
            .SelectMany(value => (value ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in entries)
        {
            if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                throw new InvalidOperationException($"{Key}: '{entry}' is not an IP address or a CIDR range (e.g. 10.0.0.5, 10.0.0.0/8, fd00::/8; a range has no bits set after its prefix).");
            }
        }
        return networks;
    }
}
