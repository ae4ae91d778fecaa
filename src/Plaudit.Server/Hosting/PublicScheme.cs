using Microsoft.Extensions.Options;

namespace Plaudit.Server.Hosting;

/// <summary>
/// With an https <c>PublicUrl</c>, every request is treated as https. Behind a TLS proxy the hop to
/// Plaudit is plain http (and the proxy may not be a listed trusted proxy), but the browser is on
/// https: Secure cookies must be issued and antiforgery, which refuses Secure-only cookies over
/// http, must accept the request.
/// </summary>
public static class PublicScheme
{
    public static IApplicationBuilder UsePublicScheme(this IApplicationBuilder app)
    {
        if (!app.ApplicationServices.GetRequiredService<IOptions<PublicUrlOptions>>().Value.HttpsOnly)
        {
            return app;
        }
        return app.Use((http, next) =>
        {
            http.Request.Scheme = Uri.UriSchemeHttps;
            return next(http);
        });
    }
}
