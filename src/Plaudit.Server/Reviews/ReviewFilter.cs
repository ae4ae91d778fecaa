using System.Globalization;
using Plaudit.Server.OpenApi;

namespace Plaudit.Server.Reviews;

/// <summary>The filters and order of <c>get_reviews</c>, read from the query string.</summary>
public sealed record ReviewFilter(
    IReadOnlyList<string>? ProductIds,
    IReadOnlyList<int>? Ratings,
    bool? IsPublished,
    bool? IsVerified,
    bool? IsFeatured,
    bool? IsTop,
    bool? HasMedia,
    string? Source,
    DateTime? CreatedFrom,
    DateTime? CreatedTo,
    DateTime? UpdatedFrom,
    DateTime? UpdatedTo,
    ReviewOrder Order)
{
    private static readonly string[] SortValues =
        ["created_at", "rating", "created-descending", "created-ascending", "rating-descending", "rating-ascending"];

    public static readonly QueryParameter[] Parameters =
    [
        .. QueryParameterDocs.Paging,
        new("product_ids", "string", "Comma-separated product ids."),
        new("rating", "string", "A star rating 1–5, or a comma-separated list of them."),
        new("is_published", "integer", "1 published only, 0 unpublished only."),
        new("is_verified", "integer", "1 verified purchases only, 0 the others."),
        new("is_featured", "integer", "1 featured only, 0 the others."),
        new("is_top", "integer", "1 pinned only, 0 the others."),
        new("has_media", "integer", "1 with photos or videos only, 0 without."),
        new("source", "string", "Review source, e.g. email, storefront, admin, api."),
        new("created_at_min", "string", "Created at or after (RFC 3339 or Unix seconds); alias start_time."),
        new("created_at_max", "string", "Created at or before (RFC 3339 or Unix seconds); alias end_time."),
        new("updated_at_min", "string", "Updated at or after (RFC 3339 or Unix seconds)."),
        new("updated_at_max", "string", "Updated at or before (RFC 3339 or Unix seconds)."),
        new("sort_by", "string", "created-descending (default), created-ascending, rating-descending, rating-ascending, or created_at / rating with sort_order."),
        new("sort_order", "string", "desc (default) or asc, with sort_by=created_at or rating."),
    ];

    public static ReviewFilter Read(QueryFields query)
    {
        var productIds = query.List("product_ids") ?? query.List("product_id");
        return new ReviewFilter(
            productIds,
            ReadRatings(query),
            query.Flag("is_published"),
            query.Flag("is_verified"),
            query.Flag("is_featured"),
            query.Flag("is_top"),
            query.Flag("has_media"),
            query.String("source", maxLength: 32),
            query.Time("created_at_min") ?? query.Time("start_time"),
            query.Time("created_at_max") ?? query.Time("end_time"),
            query.Time("updated_at_min"),
            query.Time("updated_at_max"),
            ReadOrder(query));
    }

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
        if (Ratings is { Count: 1 })
        {
            var rating = Ratings[0];
            reviews = reviews.Where(r => r.Rating == rating);
        }
        else if (Ratings is not null)
        {
            reviews = reviews.Where(r => Ratings.Contains(r.Rating));
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
        if (CreatedFrom is { } createdFrom)
        {
            reviews = reviews.Where(r => r.CreatedAt >= createdFrom);
        }
        if (CreatedTo is { } createdTo)
        {
            reviews = reviews.Where(r => r.CreatedAt <= createdTo);
        }
        if (UpdatedFrom is { } updatedFrom)
        {
            reviews = reviews.Where(r => r.UpdatedAt >= updatedFrom);
        }
        if (UpdatedTo is { } updatedTo)
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

    private static List<int>? ReadRatings(QueryFields query)
    {
        var values = query.List("rating", maxItems: 5, maxItemLength: 3);
        if (values is null)
        {
            return null;
        }
        var ratings = new List<int>();
        foreach (var value in values)
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rating) || rating is < 1 or > 5)
            {
                // Re-read as a single integer so the error names the parameter and the range.
                query.Int("rating", min: 1, max: 5);
                return null;
            }
            ratings.Add(rating);
        }
        return ratings;
    }

    private static ReviewOrder ReadOrder(QueryFields query)
    {
        var sortBy = query.OneOf("sort_by", SortValues);
        var descending = query.OneOf("sort_order", ["asc", "desc"]) != "asc";
        return sortBy switch
        {
            "created-ascending" => ReviewOrder.CreatedAscending,
            "rating-descending" => ReviewOrder.RatingDescending,
            "rating-ascending" => ReviewOrder.RatingAscending,
            "created_at" => descending ? ReviewOrder.CreatedDescending : ReviewOrder.CreatedAscending,
            "rating" => descending ? ReviewOrder.RatingDescending : ReviewOrder.RatingAscending,
            _ => ReviewOrder.CreatedDescending,
        };
    }
}
