using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.CustomerEvents;
using Plaudit.Server.Emails;
using Plaudit.Server.Orders;
using Plaudit.Server.Reviews;
using Plaudit.Server.Storage;

namespace Plaudit.Server.ReviewForm;

/// <summary>
/// Turns a checked form into the review: verified, with the order's id and source <c>email</c>, on the
/// strength of the link alone (the trusted path <see cref="ReviewVerification"/> describes); published
/// or held by the shop's moderation setting; review/created fired by <see cref="ReviewStore"/>. The
/// product is claimed first (<see cref="OrderReview"/>), so a double submit makes one review. The order
/// moves to evaluated, and the submission is a SUBMIT_REVIEW customer event from EMAIL.
/// </summary>
public sealed class ReviewFormSubmission(PlauditDbContext db, ReviewWriter reviews, CustomerEventRecorder events, TimeProvider clock)
{
    /// <summary>False when this product of the order was reviewed already.</summary>
    public async Task<bool> SubmitAsync(ReviewFormContext form, FormProduct product, ReviewFormInput input, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var review = await OrderReviewClaims.WriteAsync(db, form.Order.Id, product.Id, now, () => reviews.CreateAsync(form.Shop.Id, new NewReview(
                ProductId: product.Id, Product: product.Known ? null : new NewProduct(product.Id, product.Title, null, null, null),
                Rating: input.Rating!.Value, Author: input.Author, AuthorEmail: form.Order.CustomerEmail, AuthorPhone: "", AuthorCountry: "",
                Title: input.Title, Content: input.Content, CommentedAt: null, ItemType: "product", OrderId: form.Order.OrderId, VariantId:
                form.Order.Lines.FirstOrDefault(l => l.ProductId == product.Id)?.VariantId ?? "", Source: ReviewSources.Email, IsVerified: true,
                IsFeatured: false, IsPublished: form.Shop.AutoPublishReviews, IsTop: false, Tag: "",
                Media: [.. input.Media.Select(url => new ReviewMedia(url, "", ReviewFormInput.IsVideo(url) ? ReviewMedia.Video : ReviewMedia.Image, true))], Reply: null), cancellationToken), cancellationToken);
        if (review is null)
        {
            return false;
        }
        var order = await db.Orders.SingleAsync(o => o.Id == form.Order.Id, cancellationToken);
        if (order.Status != OrderStatus.Cancelled)
        {
            order.Status = OrderStatus.Evaluated;
            order.ScheduledAt = null;
            order.UpdatedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        await events.RecordAsync(new CustomerEvent
        {
            ShopId = form.Shop.Id,
            ClientId = "order:" + form.Order.OrderId,
            EventType = "SUBMIT_REVIEW",
            EventSource = EmailTracking.Source,
            Properties = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["review_id"] = review.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["product_id"] = product.Id,
                ["order_id"] = form.Order.OrderId,
            }),
            CreatedAt = now,
        }, cancellationToken);
        return true;
    }
}
