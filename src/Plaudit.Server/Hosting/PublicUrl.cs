using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Plaudit.Server.Hosting;

/// <summary>
/// The address merchants, platforms and shoppers reach Plaudit at: the base of every absolute URL
/// Plaudit hands out, and what its own media URLs start with. The <c>PublicUrl</c> setting, else the
/// scheme and host a trusted proxy forwarded (<c>Hosting:TrustedProxies</c>), else the address
/// Plaudit listens on (the first https one, a wildcard host read as <c>localhost</c>).
/// Never a raw <c>Host</c> header: that is the client's word, and a forged one would put
/// another host into upload and sign-in URLs and make URLs on it pass for the shop's own uploads.
/// </summary>
public sealed class PublicUrl(IOptions<PublicUrlOptions> options, IServiceProvider services)
{
    private Uri? _value;

    /// <summary>Ends with <c>/</c>, so relative paths resolve under it.</summary>
    public Uri Value => _value ??= Resolve();

    public static Uri Of(HttpContext http)
    {
        var publicUrl = http.RequestServices.GetRequiredService<PublicUrl>();
        if (!publicUrl.IsConfigured
            && http.Features.Get<TrustedProxies.AddressBeforeForwarding>() is { } before
            && (before.Host != http.Request.Host || before.Scheme != http.Request.Scheme)
            && http.Request.Host.HasValue)
        {
            return new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/", UriKind.Absolute);
        }
        return publicUrl.Value;
    }

    private bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Value);

    private Uri Resolve()
    {
        var configured = options.Value.Value;
        var text = string.IsNullOrWhiteSpace(configured) ? ListeningAddress() : configured;
        return new Uri(text.EndsWith('/') ? text : text + "/", UriKind.Absolute);
    }

    /// <summary>Kestrel's bound addresses (known once it has started, which any request implies).</summary>
    private string ListeningAddress()
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            ?? addresses.FirstOrDefault()
            ?? "http://localhost:5000";
        var binding = BindingAddress.Parse(address);
        var host = binding.Host is "+" or "*" or "0.0.0.0" or "[::]" or "::" ? "localhost" : binding.Host;
        return $"{binding.Scheme}://{host}:{binding.Port}{binding.PathBase}";
    }
}
