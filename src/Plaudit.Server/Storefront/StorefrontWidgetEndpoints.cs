using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Plaudit.Server.Hosting;
using Plaudit.Server.Media;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Reviews;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Storefront;

/// <summary>
/// What the widget needs beside the list, submit and event calls: the ratings of many products in one
/// request (a category page shows stars beside every price), reviews of one star (the histogram's
/// filter) and customer events in batches. Public, CORS for the shop's site, cacheable by ETag like
/// the list.
/// </summary>
public static class StorefrontWidgetEndpoints
{
    /// <summary>The most products one stars request may name.</summary>
    public const int MaxStarProducts = 100;

    public const string UploadLimit = "storefront-uploads";

    public static IEndpointRouteBuilder MapStorefrontWidgetEndpoints(this IEndpointRouteBuilder app)
    {
        var storefront = app.MapGroup(StorefrontEndpoints.Prefix).RequireCors(StorefrontCorsPolicyProvider.PolicyName)
            .WithMetadata(StorefrontErrors.Instance).WithTags("Storefront (public widget)");
        storefront.MapGet("/stars", StarsAsync).Produces<StorefrontStarsJson>()
            .WithSummary($"The rating of each of up to {MaxStarProducts} products in one request; ?public_token=&product_ids=P1,P2,...");
        storefront.MapGet("/reviews/by_rating", ByRatingAsync).Produces<StorefrontReviewListJson>()
            .WithSummary("Published reviews of one star rating, as GET /reviews?rating= answers (kept for widgets that call it); ?public_token=&rating=1..5&product_id=&page=&page_size=&sort=newest|oldest");
        storefront.MapPost("/events/batch", StorefrontEventBatch.RecordAsync).RequireRateLimiting(StorefrontEndpoints.EventLimit)
            .Accepts<StorefrontEventBatchRequest>("application/json").Produces<StorefrontEventBatchJson>(StatusCodes.Status202Accepted)
            .WithSummary($"Record up to {StorefrontEventBatch.MaxEvents} customer events of one page in one request; each fires customer_event/created");
        storefront.MapGet("/image_upload_policy", ImageUploadPolicyAsync).RequireRateLimiting(UploadLimit).Produces<ImageUploadPolicyJson>()
            .WithSummary("Permission for a shopper's browser to upload one review photo: image types only, short-lived, rate-limited per address; ?public_token=&content_type=image/jpeg");
        return app;
    }

    /// <summary>
    /// The Open API's image upload policy (get_image_upload_policy_token), for the widget, which has only
    /// the public token: the same short lifetime, size cap and image-only check of the bytes, and
    /// counted per shopper's address, since anyone can read a public token from the shop's pages.
    /// </summary>
    private static async Task<IResult> ImageUploadPolicyAsync(HttpContext http, IMediaStore store, CancellationToken cancellationToken)
    {
        if (await StorefrontShop.FindAsync(http, cancellationToken) is not { } shop)
        {
            return UnknownShop();
        }
        var query = new QueryFields(http.Request.Query);
        var contentType = query.OneOf("content_type", MediaSniffer.ImageTypes) ?? MediaSniffer.ImageTypes[0];
        if (query.Error is not null)
        {
            return StorefrontErrors.Json(StatusCodes.Status400BadRequest, "invalid_argument", query.Error.Message);
        }
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(store.CreateImageUpload(shop.Id, contentType, PublicUrl.Of(http)), OpenApiJson.Options);
    }

    private static async Task<IResult> StarsAsync(
        HttpContext http, PlauditDbContext db, StorefrontListCache cache, IOptions<StorefrontOptions> options, CancellationToken cancellationToken)
    {
        if (await StorefrontShop.FindAsync(http, cancellationToken) is not { } shop)
        {
            return UnknownShop();
        }
        var query = new QueryFields(http.Request.Query);
        var ids = (query.String("product_ids", maxLength: MaxStarProducts * 65) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        if (query.Error is not null)
        {
            return StorefrontErrors.Json(StatusCodes.Status400BadRequest, "invalid_argument", query.Error.Message);
        }
        if (ids.Count is 0 or > MaxStarProducts || ids.Any(id => id.Length > 64))
        {
            return StorefrontErrors.Json(StatusCodes.Status400BadRequest, "invalid_argument",
                $"product_ids must be 1 to {MaxStarProducts} product ids (each at most 64 characters), separated by commas.");
        }
        ids.Sort(StringComparer.Ordinal);
        var key = string.Create(CultureInfo.InvariantCulture, $"stars:{shop.Id}:{shop.DataVersion}:{string.Join(',', ids)}");
        var entry = await cache.GetOrCreateAsync(key, async () =>
        {
            var rows = await db.RatingCounts.AsNoTracking().Where(r => r.ShopId == shop.Id && ids.Contains(r.ProductId)).ToListAsync(cancellationToken);
            var byId = rows.ToDictionary(r => r.ProductId, StringComparer.Ordinal);
            var products = ids.Select(id => new StorefrontProductRatingJson(id, RatingSummary.From(byId.GetValueOrDefault(id) ?? new RatingCounts()))).ToList();
            return JsonSerializer.SerializeToUtf8Bytes(new StorefrontStarsJson(products), OpenApiJson.Options);
        });
        return Cached(http, entry, options.Value);
    }

    private static async Task<IResult> ByRatingAsync(
        HttpContext http, PlauditDbContext db, PlainConnections connections, StorefrontListCache cache, IOptions<StorefrontOptions> options,
        CancellationToken cancellationToken)
    {
        if (await StorefrontShop.FindAsync(http, cancellationToken) is not { } shop)
        {
            return UnknownShop();
        }
        var query = new QueryFields(http.Request.Query);
        var rating = query.Int("rating", min: 1, max: 5);
        var productId = query.String("product_id", maxLength: 64);
        var page = query.Int("page", min: 1, max: 100_000) ?? 1;
        var pageSize = query.Int("page_size", min: 1, max: 50) ?? 10;
        var sort = query.OneOf("sort", ["newest", "oldest"]) ?? "newest";
        if (query.Error is not null || rating is null)
        {
            return StorefrontErrors.Json(StatusCodes.Status400BadRequest, "invalid_argument", query.Error?.Message ?? "rating (1 to 5) is required.");
        }
        var entry = await StorefrontStarList.GetAsync(db, connections, cache, shop.Id, productId, rating.Value, sort, page, pageSize, cancellationToken);
        return Cached(http, entry, options.Value);
    }

    /// <summary>A cached list's answer: its ETag, public caching per origin, and 304 when the shopper's browser has it already.</summary>
    internal static IResult Cached(HttpContext http, StorefrontListCache.Entry entry, StorefrontOptions options)
    {
        http.Response.Headers.ETag = entry.ETag;
        http.Response.Headers.CacheControl = $"public, max-age={options.CacheSeconds}";
        http.Response.Headers.Vary = "Origin";
        return http.Request.Headers.IfNoneMatch.ToString() == entry.ETag
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(entry.Json, "application/json; charset=utf-8");
    }

    private static IResult UnknownShop() =>
        StorefrontErrors.Json(StatusCodes.Status404NotFound, "not_found", "Unknown public_token: pass the shop's public token as ?public_token=.");
}
