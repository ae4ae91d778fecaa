using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Reviews;

/// <summary>
/// What the reviews about to be saved change in <see cref="RatingCounts"/>: each review counts once
/// for its shop and once for its product while it is published. Read from the change tracker before
/// the save (a review's old rating, product and state are its original values) and applied after it,
/// in the same transaction, as increments, so concurrent writers on PostgreSQL add up instead of
/// overwriting each other.
/// </summary>
public sealed class RatingCountChanges
{
    private readonly Dictionary<(long ShopId, string ProductId), int[]> _deltas = [];

    public bool IsEmpty => _deltas.Values.All(stars => stars.All(d => d == 0));

    public static RatingCountChanges Of(ChangeTracker tracker)
    {
        var changes = new RatingCountChanges();
        foreach (var entry in tracker.Entries<Review>())
        {
            if (entry.State is EntityState.Deleted or EntityState.Modified)
            {
                changes.Count(entry, entry.OriginalValues, -1);
            }
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                changes.Count(entry, entry.CurrentValues, +1);
            }
        }
        return changes;
    }

    private void Count(EntityEntry<Review> entry, PropertyValues values, int sign)
    {
        var rating = values.GetValue<int>(nameof(Review.Rating));
        if (!values.GetValue<bool>(nameof(Review.IsPublished)) || rating is < 1 or > 5)
        {
            return;
        }
        var shopId = entry.Entity.ShopId;
        Add(shopId, RatingCounts.WholeShop, rating, sign);
        if (values.GetValue<string?>(nameof(Review.ProductId)) is { Length: > 0 } productId)
        {
            Add(shopId, productId, rating, sign);
        }
    }

    private void Add(long shopId, string productId, int rating, int sign)
    {
        if (!_deltas.TryGetValue((shopId, productId), out var stars))
        {
            _deltas[(shopId, productId)] = stars = new int[5];
        }
        stars[rating - 1] += sign;
    }

    /// <summary>One upsert per shop or product whose counts moved; PostgreSQL and SQLite share the syntax.</summary>
    public async Task ApplyAsync(PlauditDbContext db, CancellationToken cancellationToken)
    {
        foreach (var ((shopId, productId), stars) in _deltas.Where(d => d.Value.Any(n => n != 0)))
        {
            await RawSql.ExecuteAsync(db, """
                INSERT INTO rating_counts (shop_id, product_id, star1, star2, star3, star4, star5) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)
                ON CONFLICT (shop_id, product_id) DO UPDATE SET
                    star1 = rating_counts.star1 + excluded.star1, star2 = rating_counts.star2 + excluded.star2,
                    star3 = rating_counts.star3 + excluded.star3, star4 = rating_counts.star4 + excluded.star4,
                    star5 = rating_counts.star5 + excluded.star5
                """, [shopId, productId, stars[0], stars[1], stars[2], stars[3], stars[4]], cancellationToken);
        }
    }
}
