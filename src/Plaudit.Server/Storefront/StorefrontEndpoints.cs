using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Plaudit.Server.CustomerEvents;
using Plaudit.Server.Emails;
using Plaudit.Server.Hosting;
using Plaudit.Server.Media;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Input;
using Plaudit.Server.Orders;
using Plaudit.Server.ReviewForm;
using Plaudit.Server.Reviews;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Storefront;

/// <summary>
/// What a reviews widget on a shop's pages calls: public (the shop's public token names it),
/// CORS-enabled for the shop's own site, plain JSON with HTTP status codes. Lists are cacheable
/// with an ETag; submissions are rate-limited per client IP and checked for spam.
/// </summary>
public static partial class StorefrontEndpoints
{
    public const string Prefix = "/storefront/v1";
    public const string SubmitLimit = "storefront-submit";
    public const string EventLimit = "storefront-events";

    public static IEndpointRouteBuilder MapStorefrontEndpoints(this IEndpointRouteBuilder app)
    {
        var storefront = app.MapGroup(Prefix).RequireCors(StorefrontCorsPolicyProvider.PolicyName)
            .WithMetadata(StorefrontErrors.Instance).WithTags("Storefront (public widget)")
            .AddEndpointFilterFactory(ApiInputFilter.Create);
        storefront.MapGet("/reviews", ListAsync).Produces<StorefrontReviewListJson>()
            .WithSummary("Published reviews of a product (or the shop) with the rating summary; the shop is named by ?public_token=");
        storefront.MapPost("/reviews", SubmitAsync).RequireRateLimiting(SubmitLimit).Produces<SubmittedReviewJson>(StatusCodes.Status201Created)
            .WithSummary("A shopper submits a review: published at once or held for moderation, by the shop's setting");
        storefront.MapPost("/events", RecordEventAsync).RequireRateLimiting(EventLimit).Produces<RecordedEventJson>(StatusCodes.Status202Accepted)
            .WithSummary("Record a customer event (VIEW_REVIEW, EXPAND_CONTENT, CLICK_REVIEW, SUBMIT_REVIEW, ...); fires customer_event/created");
        return app;
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, StorefrontListQuery query, PlainConnections connections, StorefrontListCache listCache, IOptions<StorefrontOptions> options,
        PlauditDbContext db, CancellationToken cancellationToken)
    {
        if (await StorefrontShop.FindAsync(http, cancellationToken) is not { } shop)
        {
            return UnknownShop();
        }
        if (query.Rating is { } rating)
        {
            return StorefrontWidgetEndpoints.Cached(http, await StorefrontStarList.GetAsync(
                db, connections, listCache, shop.Id, query.ProductId, rating, query.SortOrDefault, query.Page ?? 1, query.PageSize ?? 10, cancellationToken), options.Value);
        }
        var (productId, page, pageSize, sort) = (query.ProductId, query.Page ?? 1, query.PageSize ?? 10, query.SortOrDefault);
        // Keyed by what the list shows, not by the shop's data version: a pending review or a change to
        // another product leaves this product's cached pages in place.
        var version = await StorefrontListReader.ReadVersionAsync(connections, shop.Id, productId, cancellationToken);
        var key = string.Create(CultureInfo.InvariantCulture, $"{shop.Id}:{version}:{sort}:{page}:{pageSize}:{productId}");
        var list = await listCache.GetOrCreateAsync(key, async () => JsonSerializer.SerializeToUtf8Bytes(
            await StorefrontListReader.ReadAsync(connections, shop.Id, productId, sort, page, pageSize, cancellationToken), OpenApiJson.Options));
        http.Response.Headers.ETag = list.ETag;
        http.Response.Headers.CacheControl = $"public, max-age={options.Value.CacheSeconds}";
        http.Response.Headers.Vary = "Origin";
        if (http.Request.Headers.IfNoneMatch.ToString() == list.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(list.Json, "application/json; charset=utf-8");
    }

    private static async Task<IResult> SubmitAsync(
        HttpContext http, SubmitReviewRequest request, PlainConnections connections, ReviewWriter reviews, MediaUrlRules mediaRules,
        ReviewVerification verification, PlauditDbContext db, IOptions<StorefrontOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await StorefrontShop.FindAsync(http, cancellationToken) is not { } shop)
        {
            return UnknownShop();
        }
        // A field people never see: only bots fill it. They are told "pending", and nothing is stored.
        if (!string.IsNullOrEmpty(request.Website))
        {
            return Results.Json(new SubmittedReviewJson(null, "pending"), OpenApiJson.Options, statusCode: StatusCodes.Status202Accepted);
        }
        var productId = request.ProductId;
        var (author, email, title, content) = (request.Author.Trim(), request.Email, request.Title?.Trim() ?? "", request.Content.Trim());
        var reviewToken = request.ReviewToken;
        var media = (request.Media ?? []).Select(url =>
            new ReviewMedia(url, "", MediaKeys.IsVideoPath(new Uri(url).AbsolutePath) ? ReviewMedia.Video : ReviewMedia.Image, true)).ToList();
        if (media.Select((m, i) => (Problem: mediaRules.Problem(shop.Id, m.Url, PublicUrl.Of(http)), Index: i)).FirstOrDefault(p => p.Problem is not null) is { Problem: { } problem } bad)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_argument", $"media[{bad.Index}] {problem}.");
        }
        if (LinkPattern().Count(title + " " + content) > options.Value.MaxLinks)
        {
            return Error(StatusCodes.Status422UnprocessableEntity, "spam", $"A review may contain at most {options.Value.MaxLinks} links.");
        }
        // The email proves nothing here (anyone can type a buyer's); only a proof the shop issued verifies.
        var purchase = await verification.VerifyAsync(shop.Id, productId, reviewToken, cancellationToken);
        if (purchase.Problem is not null)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_argument", $"review_token {purchase.Problem}.");
        }
        var since = clock.GetUtcNow().UtcDateTime - options.Value.DuplicateWindow;
        if (await DuplicateSubmissions.ExistsAsync(connections, shop.Id, email, content, since, cancellationToken))
        {
            return Error(StatusCodes.Status409Conflict, "duplicate", "This review was already submitted.");
        }

        Task<Review> Write() => reviews.CreateAsync(shop.Id, new NewReview(
            ProductId: productId is null or "0" ? null : productId, Product: null, Rating: request.Rating!.Value, Author: author, AuthorEmail: email,
            AuthorPhone: "", AuthorCountry: "", Title: title, Content: content, CommentedAt: null, ItemType: null, OrderId: purchase.OrderId, VariantId: "",
            Source: ReviewSources.Storefront, IsVerified: purchase.IsVerified, IsFeatured: false, IsPublished: shop.AutoPublishReviews, IsTop: false, Tag: "",
            Media: media, Reply: null)
        {
            // An email matching an order verifies nothing by itself: the order's address is asked to confirm.
            ConfirmByEmail = true,
        },
            cancellationToken);
        // A review link verifies one review per product of its order, as on the hosted form: not one per submission.
        var review = purchase.OrderRowId is { } orderRowId
            ? await OrderReviewClaims.WriteAsync(db, orderRowId, productId!, clock.GetUtcNow().UtcDateTime, Write, cancellationToken)
            : await Write();
        if (review is null)
        {
            return Error(StatusCodes.Status409Conflict, "duplicate", "This product of this order has been reviewed already.");
        }
        // Only the id and the moderation state: nothing about orders or verification goes back to the submitter.
        return shop.AutoPublishReviews
            ? Results.Json(new SubmittedReviewJson(WireId.Of(review.Id), "published"), OpenApiJson.Options, statusCode: StatusCodes.Status201Created)
            : Results.Json(new SubmittedReviewJson(WireId.Of(review.Id), "pending"), OpenApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> RecordEventAsync(
        HttpContext http, CustomerEventRequest request, CustomerEventRecorder recorder, IOptions<StorefrontOptions> options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await StorefrontShop.FindAsync(http, cancellationToken) is not { } shop)
        {
            return UnknownShop();
        }
        var properties = request.PropertiesJson;
        var customerEvent = new CustomerEvent
        {
            ShopId = shop.Id,
            EventType = request.EventType,
            EventSource = "STOREFRONT",
            ClientId = request.ClientId ?? "",
            PageUrl = request.PageUrl ?? "",
            DeviceType = request.DeviceType ?? "",
            OsType = request.OsType ?? "",
            Properties = properties,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (Encoding.UTF8.GetByteCount(properties) is var size && size > options.Value.MaxEventPropertiesBytes)
        {
            return StorefrontErrors.Instance.Result(ApiError.Create(ApiCode.OutOfRange,
                $"properties is {size} bytes of JSON; an event may carry at most {options.Value.MaxEventPropertiesBytes}."));
        }
        var recorded = await recorder.RecordAsync(customerEvent, cancellationToken);
        return Results.Json(new RecordedEventJson(WireId.Of(recorded.Id)), OpenApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult UnknownShop() => Error(StatusCodes.Status404NotFound, "not_found", "Unknown public_token: pass the shop's public token as ?public_token=.");

    private static IResult Error(int status, string error, string message) => StorefrontErrors.Json(status, error, message);

    [GeneratedRegex(@"https?://|www\.", RegexOptions.IgnoreCase)]
    private static partial Regex LinkPattern();
}
