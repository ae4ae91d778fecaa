using System.Text;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Demo;
using Plaudit.Server.Hosting;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Widget;

/// <summary>
/// <c>serve --demo</c> only: a plain product page of the demo shop with the widget on it, served by
/// Plaudit itself (same origin, so no shop domain is needed), to see the widget on a fresh machine.
/// </summary>
public static class WidgetDemoPage
{
    public const string Path = "/widget/demo";

    public static IEndpointRouteBuilder MapWidgetDemoPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, RenderAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> RenderAsync(HttpContext http, PlauditDbContext db, CancellationToken cancellationToken)
    {
        var shop = await db.Shops.AsNoTracking().FirstOrDefaultAsync(s => s.Name == DemoSeeder.ShopName && s.Domain == DemoSeeder.ShopDomain, cancellationToken);
        if (shop is null)
        {
            return Results.NotFound();
        }
        var products = await db.Products.AsNoTracking().Where(p => p.ShopId == shop.Id).OrderBy(p => p.Id).Take(4).ToListAsync(cancellationToken);
        var first = products.FirstOrDefault();
        var tiles = string.Concat(products.Select(p =>
            $"""<li>{HtmlPage.Encode(p.Title.Length > 0 ? p.Title : p.Id)} <plaudit-stars product-id="{HtmlPage.Encode(p.Id)}"></plaudit-stars></li>"""));
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Plaudit widget demo</title>
            <style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem}ul{padding-left:1.2rem}</style></head>
            <body><main>
            <h1>{{HtmlPage.Encode(first?.Title ?? "A product")}}</h1>
            <p>The demo shop's widget, as a product page would show it. Other products:</p>
            <ul>{{tiles}}</ul>
            <plaudit-reviews product-id="{{HtmlPage.Encode(first?.Id ?? "")}}"></plaudit-reviews>
            </main>
            <script src="{{WidgetEndpoints.Path}}" data-public-token="{{HtmlPage.Encode(shop.PublicToken)}}" async></script>
            </body>
            </html>
            """;
        http.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src * data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);
    }
}
