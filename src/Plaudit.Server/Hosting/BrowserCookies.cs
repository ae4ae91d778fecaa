using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace Plaudit.Server.Hosting;

/// <summary>
/// The pages' cookies (merchant session, antiforgery). With an https <c>PublicUrl</c> they are
/// always Secure, whatever scheme the hop from a TLS proxy used, and take the <c>__Host-</c>
/// prefix, so no other site on the same domain can set or replace them. Without one (a dev or demo
/// server on plain http) they keep plain names and are Secure only over https: browsers refuse a
/// <c>__Host-</c> cookie that is not Secure, and a Secure one over http.
/// </summary>
public static class BrowserCookies
{
    public const string HostPrefix = "__Host-";
    public const string AntiforgeryName = "plaudit_antiforgery";

    public static void Apply(CookieBuilder cookie, string name, PublicUrlOptions publicUrl)
    {
        var httpsOnly = publicUrl.HttpsOnly;
        cookie.Name = httpsOnly ? HostPrefix + name : name;
        cookie.SecurePolicy = httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        // __Host- requires Path=/ and no Domain; set both even behind a path prefix.
        cookie.Path = "/";
        cookie.Domain = null;
        cookie.HttpOnly = true;
    }

    public static IServiceCollection AddPlauditAntiforgery(this IServiceCollection services)
    {
        services.AddAntiforgery();
        services.AddOptions<AntiforgeryOptions>().Configure<IOptions<PublicUrlOptions>>((options, publicUrl) => Apply(options.Cookie, AntiforgeryName, publicUrl.Value));
        return services;
    }
}
