using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Reviews;

/// <summary>The filters and order of <c>get_reviews</c>: its query string, as read and as documented.</summary>
public sealed record ReviewFilter(
    [property: Alias("product_id"), Description("Comma-separated product ids.")] IReadOnlyList<string>? ProductIds,
    [property: Range(1, 5), ListLimits(5, 3), Description("A star rating 1–5, or a comma-separated list of them.")] IReadOnlyList<int>? Rating,
    [property: Description("1 published only, 0 unpublished only.")] bool? IsPublished,
    [property: Description("1 verified purchases only, 0 the others.")] bool? IsVerified,
    [property: Description("1 featured only, 0 the others.")] bool? IsFeatured,
    [property: Description("1 pinned only, 0 the others.")] bool? IsTop,
    [property: Description("1 with photos or videos only, 0 without.")] bool? HasMedia,
    [property: MaxLength(32), Description("Review source, e.g. email, storefront, admin, api.")] string? Source,
    [property: Alias("start_time"), Description("Created at or after (RFC 3339 or Unix seconds); alias start_time.")] DateTime? CreatedAtMin,
    [property: Alias("end_time"), Description("Created at or before (RFC 3339 or Unix seconds); alias end_time.")] DateTime? CreatedAtMax,
    [property: Description("Updated at or after (RFC 3339 or Unix seconds).")] DateTime? UpdatedAtMin,
    [property: Description("Updated at or before (RFC 3339 or Unix seconds).")] DateTime? UpdatedAtMax,
    [property: AllowedValues("created_at", "rating", "created-descending", "created-ascending", "rating-descending", "rating-ascending"),
        Description("created-descending (default), created-ascending, rating-descending, rating-ascending, or created_at / rating with sort_order.")]
    string? SortBy,
    [property: AllowedValues("asc", "desc"), Description("desc (default) or asc, with sort_by=created_at or rating.")] string? SortOrder)
    : IQueryInput<ReviewFilter>
{
    public ReviewOrder Order => (SortBy, SortOrder) switch
    {
        ("created-ascending", _) or ("created_at", "asc") => ReviewOrder.CreatedAscending,
        ("rating-descending", _) or ("rating", not "asc") => ReviewOrder.RatingDescending,
        ("rating-ascending", _) or ("rating", "asc") => ReviewOrder.RatingAscending,
        _ => ReviewOrder.CreatedDescending,
    };

    public IQueryable<Review> Apply(IQueryable<Review> reviews)
    {
        if (ProductIds is { Count: 1 })
        {
            var productId = ProductIds[0];
            reviews = reviews.Where(r => r.ProductId == productId);
        }
        else if (ProductIds is not null)
        {
            reviews = reviews.Where(r => ProductIds.Contains(r.ProductId!));
        }
        if (Rating is { Count: 1 })
        {
            var rating = Rating[0];
            reviews = reviews.Where(r => r.Rating == rating);
        }
        else if (Rating is not null)
        {
            reviews = reviews.Where(r => Rating.Contains(r.Rating));
        }
        if (IsPublished is { } published)
        {
            reviews = reviews.Where(r => r.IsPublished == published);
        }
        if (IsVerified is { } verified)
        {
            reviews = reviews.Where(r => r.IsVerified == verified);
        }
        if (IsFeatured is { } featured)
        {
            reviews = reviews.Where(r => r.IsFeatured == featured);
        }
        if (IsTop is { } top)
        {
            reviews = reviews.Where(r => r.IsTop == top);
        }
        if (HasMedia is { } hasMedia)
        {
            reviews = reviews.Where(r => r.HasMedia == hasMedia);
        }
        if (Source is not null)
        {
            reviews = reviews.Where(r => r.Source == Source);
        }
        if (CreatedAtMin is { } createdFrom)
        {
            reviews = reviews.Where(r => r.CreatedAt >= createdFrom);
        }
        if (CreatedAtMax is { } createdTo)
        {
            reviews = reviews.Where(r => r.CreatedAt <= createdTo);
        }
        if (UpdatedAtMin is { } updatedFrom)
        {
            reviews = reviews.Where(r => r.UpdatedAt >= updatedFrom);
        }
        if (UpdatedAtMax is { } updatedTo)
        {
            reviews = reviews.Where(r => r.UpdatedAt <= updatedTo);
        }
        // The id breaks ties so pages never overlap or skip rows.
        return Order switch
        {
            ReviewOrder.CreatedAscending => reviews.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id),
            ReviewOrder.RatingDescending => reviews.OrderByDescending(r => r.Rating).ThenByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id),
            ReviewOrder.RatingAscending => reviews.OrderBy(r => r.Rating).ThenByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id),
            _ => reviews.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id),
        };
    }
}
