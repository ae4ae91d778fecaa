using Microsoft.Net.Http.Headers;

namespace Plaudit.Server.Widget;

/// <summary>
/// Serves the widget script. <c>/widget/v1/plaudit.js</c> is the URL merchants paste: <c>v1</c> names
/// the script's interface, which stays compatible, and its content is revalidated hourly so fixes
/// reach shops. <c>/widget/v1/{hash}/plaudit.js</c> names one exact build and is cached for a year as
/// immutable; an unknown hash redirects to the current build rather than serving different bytes.
/// </summary>
public static class WidgetEndpoints
{
    public const string Path = "/widget/v1/plaudit.js";

    public static IEndpointRouteBuilder MapWidgetEndpoints(this IEndpointRouteBuilder app)
    {
        var widget = app.MapGroup("/widget/v1").WithTags("Storefront widget");
        widget.MapGet("/plaudit.js", (HttpContext http, WidgetScript script) => Serve(http, script, "public, max-age=3600, stale-while-revalidate=86400"))
            .WithSummary("The storefront widget script: <script src=\".../widget/v1/plaudit.js\" async></script>");
        widget.MapGet("/{hash}/plaudit.js", (HttpContext http, string hash, WidgetScript script) => hash == script.Hash
                ? Serve(http, script, "public, max-age=31536000, immutable")
                : Results.Redirect(PinnedPath(script)))
            .WithSummary("One exact build of the widget script, cached as immutable");
        return app;
    }

    /// <summary>The immutable URL of the current build.</summary>
    public static string PinnedPath(WidgetScript script) => $"/widget/v1/{script.Hash}/plaudit.js";

    private static IResult Serve(HttpContext http, WidgetScript script, string cacheControl)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = cacheControl;
        headers.ETag = script.ETag;
        headers.Vary = HeaderNames.AcceptEncoding;
        headers.AccessControlAllowOrigin = "*";
        headers.XContentTypeOptions = "nosniff";
        if (http.Request.Headers.IfNoneMatch.ToString() == script.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        const string javaScript = "text/javascript; charset=utf-8";
        if (AcceptsGzip(http.Request))
        {
            headers.ContentEncoding = "gzip";
            return Results.Bytes(script.Gzipped, javaScript);
        }
        return Results.Bytes(script.Bytes, javaScript);
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.Any(value => value is not null && value.Contains("gzip", StringComparison.OrdinalIgnoreCase));
}
