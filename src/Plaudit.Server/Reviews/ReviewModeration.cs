using System.Globalization;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Platforms;

namespace Plaudit.Server.Reviews;

/// <summary>
/// What a moderation screen needs (Plaudit extensions, same envelope and auth): publish or hide,
/// feature, pin to top, tag, and reply. The changes themselves are <see cref="ReviewModerator"/>'s,
/// which the dashboard uses too, so both fire the same review/updated events.
/// </summary>
public static class ReviewModeration
{
    public static RouteGroupBuilder MapReviewModerationEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/update_review", UpdateAsync).RequireScope(Scopes.WriteReviews)
            .WithName("UpdateReview").WithSummary("Publish/unpublish, feature, pin to top or tag a review; fires review/updated (Plaudit extension)");
        api.MapPost("/reply_review", ReplyAsync).RequireScope(Scopes.WriteReviews)
            .WithName("ReplyReview").WithSummary("Set the shop's reply to a review (empty content removes it); fires review/updated (Plaudit extension)");
        return api;
    }

    private static async Task<ApiResponse<ReviewJson>> UpdateAsync(
        HttpContext http, UpdateReviewRequest request, ReviewModerator moderator, CancellationToken cancellationToken)
    {
        var change = new ReviewChange(request.IsPublished, request.IsFeatured, request.IsTop, request.Tag);
        if (change.IsEmpty)
        {
            return ApiError.InvalidArgument("Give at least one of is_published, is_featured, is_top, tag.");
        }
        var review = TryParseId(request.Id, out var id)
            ? await moderator.UpdateAsync(ApiCaller.Of(http).ShopId, id, change, cancellationToken)
            : null;
        return review is null ? ApiError.NotFound($"No review with id {request.Id}.") : ApiResponse<ReviewJson>.Ok(ReviewJson.From(review));
    }

    private static async Task<ApiResponse<ReviewJson>> ReplyAsync(
        HttpContext http, ReplyReviewRequest request, ReviewModerator moderator, CancellationToken cancellationToken)
    {
        var review = TryParseId(request.Id, out var id)
            ? await moderator.ReplyAsync(ApiCaller.Of(http).ShopId, id, request.Content, cancellationToken)
            : null;
        return review is null ? ApiError.NotFound($"No review with id {request.Id}.") : ApiResponse<ReviewJson>.Ok(ReviewJson.From(review));
    }

    private static bool TryParseId(string id, out long reviewId) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out reviewId);
}
