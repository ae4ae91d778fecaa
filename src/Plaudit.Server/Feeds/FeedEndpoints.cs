using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;
using Plaudit.Server.Storefront;

namespace Plaudit.Server.Feeds;

/// <summary>
/// The Google Product Reviews feed of a shop at a public URL (its reviews are public on its pages
/// anyway), for Merchant Center's scheduled fetch: named by the shop's public token, streamed.
/// </summary>
public static class FeedEndpoints
{
    public const string GooglePath = "/feeds/v1/google-product-reviews.xml";

    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(GooglePath, WriteGoogleFeedAsync).WithTags("Feeds")
            .WithSummary("The shop's published product reviews as Google's Product Reviews feed (XML, schema 2.4); ?public_token=");
        return app;
    }

    private static async Task WriteGoogleFeedAsync(HttpContext http, PlauditDbContext db, GoogleProductReviewsFeed feed, CancellationToken cancellationToken)
    {
        var token = StorefrontShop.TokenOf(http);
        var shop = token is null ? null : await db.Shops.AsNoTracking().Where(s => s.PublicToken == token)
            .Select(s => new GoogleProductReviewsFeed.FeedShop(s.Id, s.Name, s.Domain)).FirstOrDefaultAsync(cancellationToken);
        if (shop is null)
        {
            await StorefrontErrors.Json(StatusCodes.Status404NotFound, "not_found", "Unknown public_token: pass the shop's public token as ?public_token=.").ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "application/xml; charset=utf-8";
        http.Response.Headers.CacheControl = "public, max-age=3600";
        await feed.WriteAsync(shop, http.Response.Body, cancellationToken);
    }
}
