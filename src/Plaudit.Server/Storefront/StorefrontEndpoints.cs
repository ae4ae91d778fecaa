using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Plaudit.Server.CustomerEvents;
using Plaudit.Server.Hosting;
using Plaudit.Server.Media;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Orders;
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

    private static readonly HashSet<string> KnownSorts = new(StringComparer.Ordinal) { "newest", "oldest", "highest", "lowest" };

    public static IEndpointRouteBuilder MapStorefrontEndpoints(this IEndpointRouteBuilder app)
    {
        var storefront = app.MapGroup(Prefix).RequireCors(StorefrontCorsPolicyProvider.PolicyName)
            .WithMetadata(StorefrontErrors.Instance).WithTags("Storefront (public widget)");
        storefront.MapGet("/reviews", ListAsync).Produces<StorefrontReviewListJson>()
            .WithSummary("Published reviews of a product (or the shop) with the rating summary; ?public_token=&product_id=&page=&page_size=&sort=newest|oldest|highest|lowest");
        storefront.MapPost("/reviews", SubmitAsync).RequireRateLimiting(SubmitLimit).Accepts<SubmitReviewRequest>("application/json").Produces<SubmittedReviewJson>(StatusCodes.Status201Created)
            .WithSummary("A shopper submits a review: published at once or held for moderation, by the shop's setting");
        storefront.MapPost("/events", RecordEventAsync).RequireRateLimiting(EventLimit).Accepts<CustomerEventRequest>("application/json").Produces<RecordedEventJson>(StatusCodes.Status202Accepted)
            .WithSummary("Record a customer event (VIEW_REVIEW, EXPAND_CONTENT, CLICK_REVIEW, SUBMIT_REVIEW, ...); fires customer_event/created");
        return app;
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, PlainConnections connections, StorefrontListCache listCache, IOptions<StorefrontOptions> options, CancellationToken cancellationToken)
    {
        if (await StorefrontShop.FindAsync(http, cancellationToken) is not { } shop)
        {
            return UnknownShop();
        }
        var query = new QueryFields(http.Request.Query);
        var productId = query.String("product_id", maxLength: 64);
        var page = query.Int("page", min: 1, max: 100_000) ?? 1;
        var pageSize = query.Int("page_size", min: 1, max: 50) ?? 10;
        var sort = query.String("sort", maxLength: 16) ?? "newest";
        if (!KnownSorts.Contains(sort))
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_argument", "sort must be newest, oldest, highest or lowest.");
        }
        if (query.Error is not null)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_argument", query.Error.Message);
        }

        var key = string.Create(CultureInfo.InvariantCulture, $"{shop.Id}:{shop.DataVersion}:{sort}:{page}:{pageSize}:{productId}");
        var list = await listCache.GetOrCreateAsync(key, async () => JsonSerializer.SerializeToUtf8Bytes(
            await StorefrontListQuery.ReadAsync(connections, shop.Id, productId, sort, page, pageSize, cancellationToken), OpenApiJson.Options));
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
        HttpContext http, PlauditDbContext db, ReviewStore store, MediaUrlRules mediaRules, ReviewVerification verification,
        IOptions<StorefrontOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await StorefrontShop.FindAsync(http, cancellationToken) is not { } shop)
        {
            return UnknownShop();
        }
        var body = JsonFields.Parse(BufferedBody.Of(http), out var parseError);
        if (parseError is not null)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_argument", parseError.Message);
        }
        // A field people never see: only bots fill it. They are told "pending", and nothing is stored.
        if (!string.IsNullOrEmpty(body.String("website", maxLength: 2048)))
        {
            return Results.Json(new SubmittedReviewJson(null, "pending"), OpenApiJson.Options, statusCode: StatusCodes.Status202Accepted);
        }
        var productId = body.Id("product_id");
        var rating = body.Int("rating", min: 1, max: 5, required: true);
        var author = body.String("author", required: true, maxLength: 100)?.Trim();
        var email = body.String("author_email", required: true, maxLength: 254)?.Trim().ToLowerInvariant();
        var title = body.String("title", maxLength: 200)?.Trim() ?? "";
        var content = body.String("content", required: true, maxLength: 5000)?.Trim();
        var reviewToken = body.String("review_token", maxLength: 2048);
        if (email is not null && !EmailPattern().IsMatch(email))
        {
            body.Reject("author_email", "must be an email address");
        }
        var media = ReadMedia(body);
        if (body.Error is not null)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_argument", body.Error.Message);
        }
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
        if (await db.Reviews.AnyAsync(r => r.ShopId == shop.Id && r.AuthorEmail == email && r.Content == content && r.CreatedAt >= since, cancellationToken))
        {
            return Error(StatusCodes.Status409Conflict, "duplicate", "This review was already submitted.");
        }

        var review = await store.CreateAsync(shop.Id, new NewReview(
            ProductId: productId is null or "0" ? null : productId, Product: null, Rating: rating!.Value, Author: author!, AuthorEmail: email!,
            AuthorPhone: "", AuthorCountry: "", Title: title, Content: content!, CommentedAt: null, ItemType: null, OrderId: purchase.OrderId, VariantId: "",
            Source: ReviewSources.Storefront, IsVerified: purchase.IsVerified, IsFeatured: false, IsPublished: shop.AutoPublishReviews, IsTop: false, Tag: "",
            Media: media, Reply: null),
            cancellationToken);
        // Only the id and the moderation state: nothing about orders or verification goes back to the submitter.
        return shop.AutoPublishReviews
            ? Results.Json(new SubmittedReviewJson(WireId.Of(review.Id), "published"), OpenApiJson.Options, statusCode: StatusCodes.Status201Created)
            : Results.Json(new SubmittedReviewJson(WireId.Of(review.Id), "pending"), OpenApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> RecordEventAsync(
        HttpContext http, CustomerEventRecorder recorder, IOptions<StorefrontOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await StorefrontShop.FindAsync(http, cancellationToken) is not { } shop)
        {
            return UnknownShop();
        }
        var body = JsonFields.Parse(BufferedBody.Of(http), out var parseError);
        if (parseError is not null)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_argument", parseError.Message);
        }
        var eventType = body.String("event_type", required: true, maxLength: 40);
        if (eventType is not null && !EventTypePattern().IsMatch(eventType))
        {
            body.Reject("event_type", "must be an upper-case name such as VIEW_REVIEW, EXPAND_CONTENT, CLICK_REVIEW or SUBMIT_REVIEW");
        }
        var properties = body.KindOf("properties") switch
        {
            JsonValueKind.Object => RawProperty(body, "properties"),
            JsonValueKind.Undefined => "{}",
            _ => Reject(body, "properties", "must be an object"),
        };
        var customerEvent = new CustomerEvent
        {
            ShopId = shop.Id,
            EventType = eventType ?? "",
            EventSource = "STOREFRONT",
            ClientId = body.String("client_id", maxLength: 100) ?? "",
            PageUrl = body.String("page_url", maxLength: 2048) ?? "",
            DeviceType = body.String("device_type", maxLength: 40) ?? "",
            OsType = body.String("os_type", maxLength: 40) ?? "",
            Properties = properties,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (body.Error is not null)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_argument", body.Error.Message);
        }
        if (Encoding.UTF8.GetByteCount(properties) is var size && size > options.Value.MaxEventPropertiesBytes)
        {
            return StorefrontErrors.Instance.Result(ApiError.Create(ApiCode.OutOfRange,
                $"properties is {size} bytes of JSON; an event may carry at most {options.Value.MaxEventPropertiesBytes}."));
        }
        var recorded = await recorder.RecordAsync(customerEvent, cancellationToken);
        return Results.Json(new RecordedEventJson(WireId.Of(recorded.Id)), OpenApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static List<ReviewMedia> ReadMedia(JsonFields body)
    {
        var media = new List<ReviewMedia>();
        foreach (var (item, index) in (body.Array("media", 10) ?? []).Select((item, index) => (item, index)))
        {
            if (item.ValueKind != JsonValueKind.String || !NewReview.IsHttpUrl(item.GetString()))
            {
                body.Reject($"media[{index}]", "must be a URL");
                break;
            }
            var url = item.GetString()!;
            var type = MediaKeys.IsVideoPath(new Uri(url).AbsolutePath) ? ReviewMedia.Video : ReviewMedia.Image;
            media.Add(new ReviewMedia(url, "", type, true));
        }
        return media;
    }


    private static string RawProperty(JsonFields body, string name) => body.Raw(name) ?? "{}";

    private static string Reject(JsonFields body, string name, string problem)
    {
        body.Reject(name, problem);
        return "{}";
    }

    private static IResult UnknownShop() => Error(StatusCodes.Status404NotFound, "not_found", "Unknown public_token: pass the shop's public token as ?public_token=.");

    private static IResult Error(int status, string error, string message) => StorefrontErrors.Json(status, error, message);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"https?://|www\.", RegexOptions.IgnoreCase)]
    private static partial Regex LinkPattern();

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,39}$")]
    private static partial Regex EventTypePattern();
}
