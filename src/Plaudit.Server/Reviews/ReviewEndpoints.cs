using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Hosting;
using Plaudit.Server.Media;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Platforms;

namespace Plaudit.Server.Reviews;

public static class ReviewEndpoints
{
    public static RouteGroupBuilder MapReviewEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/get_reviews", GetReviews).CacheReads().RequireScope(Scopes.ReadReviews).DocumentQuery(ReviewFilter.Parameters)
            .WithName("GetReviews").WithSummary("List reviews with filters, sorting and pagination");
        api.MapGet("/get_review", GetReview).CacheReads().RequireScope(Scopes.ReadReviews)
            .DocumentQuery(new QueryParameter("id", "string", "The review id."))
            .WithName("GetReview").WithSummary("Get one review by id");
        api.MapGet("/get_rating", GetRating).CacheReads().RequireScope(Scopes.ReadReviews)
            .DocumentQuery(new QueryParameter("product_id", "string", "One product's rating; omit for the whole shop."))
            .WithName("GetRating").WithSummary("Aggregate rating of the shop or of one product (published reviews)");
        api.MapPost("/create_review", CreateReview).RequireScope(Scopes.WriteReviews).Accepts<CreateReviewRequest>("application/json")
            .WithName("CreateReview").WithSummary("Create a review; fires review/created");
        api.MapPost("/delete_review", DeleteReview).RequireScope(Scopes.WriteReviews).Accepts<ReviewIdRequest>("application/json")
            .WithName("DeleteReview").WithSummary("Delete a review; fires review/deleted");
        return api;
    }

    private static async Task<ApiResponse<Paged<ReviewJson>>> GetReviews(HttpContext http, CancellationToken cancellationToken)
    {
        var db = http.ReadDatabase();
        var query = new QueryFields(http.Request.Query);
        var page = PageRequest.Read(query);
        var filter = ReviewFilter.Read(query);
        if (query.Error is not null)
        {
            return query.Error;
        }
        var shopId = ApiCaller.Of(http).ShopId;
        var reviews = filter.Apply(db.Reviews.AsNoTracking().Include(r => r.Product).Where(r => r.ShopId == shopId));
        return ApiResponse<Paged<ReviewJson>>.Ok(await reviews.ToPagedAsync(page, ReviewJson.From, cancellationToken));
    }

    private static async Task<ApiResponse<ReviewJson>> GetReview(HttpContext http, CancellationToken cancellationToken)
    {
        var db = http.ReadDatabase();
        var query = new QueryFields(http.Request.Query);
        var id = query.String("id") ?? query.String("review_id");
        if (query.Error is not null)
        {
            return query.Error;
        }
        if (id is null)
        {
            return ApiError.InvalidArgument("id is required.");
        }
        var review = await ReviewStore.FindAsync(db, ApiCaller.Of(http).ShopId, id, cancellationToken);
        return review is null ? ApiError.NotFound($"No review with id {id}.") : ApiResponse<ReviewJson>.Ok(ReviewJson.From(review));
    }

    private static async Task<ApiResponse<RatingJson>> GetRating(HttpContext http, CancellationToken cancellationToken)
    {
        var db = http.ReadDatabase();
        var query = new QueryFields(http.Request.Query);
        var productId = query.String("product_id", maxLength: 64);
        if (query.Error is not null)
        {
            return query.Error;
        }
        return ApiResponse<RatingJson>.Ok(await RatingSummary.ReadAsync(db, ApiCaller.Of(http).ShopId, productId, cancellationToken));
    }

    private static async Task<ApiResponse<ReviewJson>> CreateReview(HttpContext http, ReviewStore store, MediaUrlRules mediaRules, CancellationToken cancellationToken)
    {
        var body = JsonFields.Parse(BufferedBody.Of(http), out var parseError);
        if (parseError is not null)
        {
            return parseError;
        }
        var review = NewReview.Read(body);
        if (review is null)
        {
            return body.Error!;
        }
        var shopId = ApiCaller.Of(http).ShopId;
        if (MediaProblem(review, shopId, mediaRules, PublicUrl.Of(http)) is { } mediaError)
        {
            return mediaError;
        }
        var created = await store.CreateAsync(shopId, review, cancellationToken);
        return ApiResponse<ReviewJson>.Ok(ReviewJson.From(created));
    }

    /// <summary>Media must be the shop's own uploads, or (if allowed) https URLs elsewhere.</summary>
    private static ApiError? MediaProblem(NewReview review, long shopId, MediaUrlRules rules, Uri plauditUrl)
    {
        for (var i = 0; i < review.Media.Count; i++)
        {
            if (rules.Problem(shopId, review.Media[i].Url, plauditUrl) is { } url)
            {
                return ApiError.InvalidArgument($"media[{i}].url {url}.");
            }
            if (rules.Problem(shopId, review.Media[i].ThumbnailUrl, plauditUrl) is { } thumbnail)
            {
                return ApiError.InvalidArgument($"media[{i}].thumbnail_url {thumbnail}.");
            }
        }
        return null;
    }

    private static async Task<ApiResponse<DeletedReviewJson>> DeleteReview(HttpContext http, ReviewStore store, CancellationToken cancellationToken)
    {
        var body = JsonFields.Parse(BufferedBody.Of(http), out var parseError);
        if (parseError is not null)
        {
            return parseError;
        }
        var id = body.Id("id", required: true);
        if (id is null)
        {
            return body.Error!;
        }
        var deleted = await store.DeleteAsync(ApiCaller.Of(http).ShopId, id, cancellationToken);
        return deleted is null ? ApiError.NotFound($"No review with id {id}.") : ApiResponse<DeletedReviewJson>.Ok(deleted);
    }
}
