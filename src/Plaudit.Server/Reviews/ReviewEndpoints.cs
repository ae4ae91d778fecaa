using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Hosting;
using Plaudit.Server.Media;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Platforms;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Reviews;

public static class ReviewEndpoints
{
    public static RouteGroupBuilder MapReviewEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/get_reviews", GetReviews).CacheReads().RequireScope(Scopes.ReadReviews)
            .WithName("GetReviews").WithSummary("List reviews with filters, sorting and pagination");
        api.MapGet("/get_review", GetReview).CacheReads().RequireScope(Scopes.ReadReviews)
            .WithName("GetReview").WithSummary("Get one review by id");
        api.MapGet("/get_rating", GetRating).CacheReads().RequireScope(Scopes.ReadReviews)
            .WithName("GetRating").WithSummary("Aggregate rating of the shop or of one product (published reviews)");
        api.MapPost("/create_review", CreateReview).RequireScope(Scopes.WriteReviews)
            .WithName("CreateReview").WithSummary("Create a review; fires review/created");
        api.MapPost("/delete_review", DeleteReview).RequireScope(Scopes.WriteReviews)
            .WithName("DeleteReview").WithSummary("Delete a review; fires review/deleted");
        return api;
    }

    private static async Task<ApiResponse<Paged<ReviewJson>>> GetReviews(
        HttpContext http, PageRequest page, ReviewFilter filter, PlainConnections connections, CancellationToken cancellationToken) =>
        ApiResponse<Paged<ReviewJson>>.OkSerialized(await ReviewListReader.ReadAsync(connections, ApiCaller.Of(http).ShopId, filter, page, cancellationToken));

    private static async Task<ApiResponse<ReviewJson>> GetReview(HttpContext http, ReviewIdQuery query, CancellationToken cancellationToken)
    {
        var review = await ReviewStore.FindAsync(http.ReadDatabase(), ApiCaller.Of(http).ShopId, query.Id, cancellationToken);
        return review is null ? ApiError.NotFound($"No review with id {query.Id}.") : ApiResponse<ReviewJson>.Ok(ReviewJson.From(review));
    }

    private static async Task<ApiResponse<RatingJson>> GetRating(HttpContext http, RatingQuery query, CancellationToken cancellationToken)
    {
        var db = http.ReadDatabase();
        return ApiResponse<RatingJson>.Ok(await RatingSummary.ReadAsync(db, ApiCaller.Of(http).ShopId, query.ProductId, cancellationToken));
    }

    private static async Task<ApiResponse<ReviewJson>> CreateReview(
        HttpContext http, CreateReviewRequest request, ReviewWriter writer, MediaUrlRules mediaRules, CancellationToken cancellationToken)
    {
        var review = request.ToNewReview();
        var shopId = ApiCaller.Of(http).ShopId;
        if (MediaProblem(review, shopId, mediaRules, PublicUrl.Of(http)) is { } mediaError)
        {
            return mediaError;
        }
        var created = await writer.CreateAsync(shopId, review, cancellationToken);
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

    private static async Task<ApiResponse<DeletedReviewJson>> DeleteReview(HttpContext http, ReviewIdRequest request, ReviewStore store, CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteAsync(ApiCaller.Of(http).ShopId, request.Id, cancellationToken);
        return deleted is null ? ApiError.NotFound($"No review with id {request.Id}.") : ApiResponse<DeletedReviewJson>.Ok(deleted);
    }
}
