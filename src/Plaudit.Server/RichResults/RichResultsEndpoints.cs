using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Storage;
using Plaudit.Server.Storefront;

namespace Plaudit.Server.RichResults;

/// <summary>
/// Ratings for search engines, per product, named by the shop's public token like the widget's calls:
/// JSON-LD to place in the product page's head, and an HTML fragment (the same JSON-LD, the stars and
/// the first reviews) for shops that render pages on the server. Cached by ETag like the review lists.
/// </summary>
public static class RichResultsEndpoints
{
    public static IEndpointRouteBuilder MapRichResultsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(StorefrontEndpoints.Prefix).RequireCors(StorefrontCorsPolicyProvider.PolicyName)
            .WithMetadata(StorefrontErrors.Instance).WithTags("Rich results");
        group.MapGet("/product_json_ld", (HttpContext http, PlauditDbContext db, StorefrontListCache cache, IOptions<StorefrontOptions> options, CancellationToken ct) =>
                RenderAsync(http, db, cache, options.Value, "json-ld", "application/ld+json; charset=utf-8", ProductJsonLd.Serialize, ct))
            .WithSummary("schema.org Product with AggregateRating and the latest Reviews; ?public_token=&product_id=&reviews=5");
        group.MapGet("/product_snippet", (HttpContext http, PlauditDbContext db, StorefrontListCache cache, IOptions<StorefrontOptions> options, CancellationToken ct) =>
                RenderAsync(http, db, cache, options.Value, "snippet", "text/html; charset=utf-8", ProductSnippetHtml.Render, ct))
            .WithSummary("An HTML fragment for server-rendered pages: the JSON-LD, the stars and the first reviews; ?public_token=&product_id=&reviews=5");
        return app;
    }

    private static async Task<IResult> RenderAsync(
        HttpContext http, PlauditDbContext db, StorefrontListCache cache, StorefrontOptions options, string kind, string contentType,
        Func<ProductReviewSummary, string> render, CancellationToken cancellationToken)
    {
        if (await StorefrontShop.FindAsync(http, cancellationToken) is not { } shop)
        {
            return StorefrontErrors.Json(StatusCodes.Status404NotFound, "not_found", "Unknown public_token: pass the shop's public token as ?public_token=.");
        }
        var query = new QueryFields(http.Request.Query);
        var productId = query.String("product_id", maxLength: 64);
        var reviews = query.Int("reviews", min: 0, max: ProductReviewSummary.MaxReviews) ?? 5;
        if (query.Error is not null || productId is null)
        {
            return StorefrontErrors.Json(StatusCodes.Status400BadRequest, "invalid_argument", query.Error?.Message ?? "product_id is required.");
        }
        var key = string.Create(CultureInfo.InvariantCulture, $"{kind}:{shop.Id}:{shop.DataVersion}:{reviews}:{productId}");
        var missing = false;
        var entry = await cache.GetOrCreateAsync(key, async () =>
        {
            var summary = await ProductReviewSummary.ReadAsync(db, shop.Id, productId, reviews, cancellationToken);
            missing = summary is null;
            return summary is null ? [] : Encoding.UTF8.GetBytes(render(summary));
        });
        if (missing || entry.Json.Length == 0)
        {
            return StorefrontErrors.Json(StatusCodes.Status404NotFound, "not_found", "The shop has no product with this product_id (a product is known from its first review).");
        }
        http.Response.Headers.ETag = entry.ETag;
        http.Response.Headers.CacheControl = $"public, max-age={options.CacheSeconds}";
        http.Response.Headers.Vary = "Origin";
        return http.Request.Headers.IfNoneMatch.ToString() == entry.ETag
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(entry.Json, contentType);
    }
}
