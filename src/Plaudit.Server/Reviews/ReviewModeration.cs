using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Outbox;
using Plaudit.Server.Platforms;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Reviews;

/// <summary>
/// What a moderation screen needs (Plaudit extensions, same envelope and auth): publish or hide,
/// feature, pin to top, tag, and reply. Each change is saved with its review/updated event.
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
        HttpContext http, UpdateReviewRequest request, PlauditDbContext db, OutboxWriter outbox, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (published, featured, top, tag) = (request.IsPublished, request.IsFeatured, request.IsTop, request.Tag);
        if (published is null && featured is null && top is null && tag is null)
        {
            return ApiError.InvalidArgument("Give at least one of is_published, is_featured, is_top, tag.");
        }
        return await ChangeAsync(http, db, outbox, clock, request.Id, review =>
        {
            review.IsPublished = published ?? review.IsPublished;
            review.IsFeatured = featured ?? review.IsFeatured;
            review.IsTop = top ?? review.IsTop;
            review.Tag = tag ?? review.Tag;
        }, cancellationToken);
    }

    private static async Task<ApiResponse<ReviewJson>> ReplyAsync(
        HttpContext http, ReplyReviewRequest request, PlauditDbContext db, OutboxWriter outbox, TimeProvider clock, CancellationToken cancellationToken)
    {
        var content = request.Content;
        var now = clock.GetUtcNow().UtcDateTime;
        return await ChangeAsync(http, db, outbox, clock, request.Id, review =>
            review.Reply = string.IsNullOrWhiteSpace(content)
                ? null
                : new ReviewReply { Id = review.Reply?.Id ?? ReviewStore.NewReplyId(), Content = content.Trim(), ReplyAt = now },
            cancellationToken);
    }

    private static async Task<ApiResponse<ReviewJson>> ChangeAsync(
        HttpContext http, PlauditDbContext db, OutboxWriter outbox, TimeProvider clock, string id, Action<Review> change, CancellationToken cancellationToken)
    {
        var shopId = ApiCaller.Of(http).ShopId;
        var review = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var reviewId)
            ? await db.Reviews.Include(r => r.Product).FirstOrDefaultAsync(r => r.ShopId == shopId && r.Id == reviewId, cancellationToken)
            : null;
        if (review is null)
        {
            return ApiError.NotFound($"No review with id {id}.");
        }
        change(review);
        review.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        outbox.Add(shopId, Topics.ReviewUpdated, ReviewJson.From(review));
        await db.SaveChangesAsync(cancellationToken);
        return ApiResponse<ReviewJson>.Ok(ReviewJson.From(review));
    }
}
