using System.Data.Common;
using System.Globalization;
using System.Text;
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
    private readonly HashSet<(long ShopId, string ProductId)> _shown = [];

    public bool IsEmpty => _shown.Count == 0 && _deltas.Values.All(stars => stars.All(d => d == 0));

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
        // A reply lives in the review's row but is tracked apart: a changed reply is a change to its review.
        foreach (var entry in tracker.Entries<ReviewReply>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            var reviewId = entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue).OfType<long>().FirstOrDefault();
            if (tracker.Entries<Review>().FirstOrDefault(r => r.Entity.Id == reviewId) is { State: EntityState.Unchanged } owner)
            {
                changes.Show(owner, owner.CurrentValues);
            }
        }
        return changes;
    }

    /// <summary>A published review (before or after the change) changed: what its product's and its shop's lists show moved.</summary>
    private void Show(EntityEntry<Review> entry, PropertyValues values)
    {
        if (!values.GetValue<bool>(nameof(Review.IsPublished)))
        {
            return;
        }
        var shopId = entry.Entity.ShopId;
        _shown.Add((shopId, RatingCounts.WholeShop));
        if (values.GetValue<string?>(nameof(Review.ProductId)) is { Length: > 0 } productId)
        {
            _shown.Add((shopId, productId));
        }
    }

    private void Count(EntityEntry<Review> entry, PropertyValues values, int sign)
    {
        Show(entry, values);
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

    /// <summary>Adds another save's changes to these (a transaction's saves are written together at its commit).</summary>
    public void Absorb(RatingCountChanges other)
    {
        foreach (var (key, stars) in other._deltas)
        {
            for (var i = 0; i < stars.Length; i++)
            {
                if (stars[i] != 0)
                {
                    Add(key.ShopId, key.ProductId, i + 1, stars[i]);
                }
            }
        }
        _shown.UnionWith(other._shown);
    }

    public void Clear()
    {
        _deltas.Clear();
        _shown.Clear();
    }

    /// <summary>
    /// One multi-row upsert of every shop or product whose counts or shown reviews moved, its values added
    /// to <paramref name="command"/> as parameters; PostgreSQL and SQLite share the syntax. Rows go in key
    /// order, so two nodes' transactions lock the rows they share in the same order and never deadlock.
    /// </summary>
    public void AppendUpsert(StringBuilder sql, DbCommand command)
    {
        var keys = _deltas.Where(d => d.Value.Any(n => n != 0)).Select(d => d.Key).Union(_shown)
            .OrderBy(k => k.ShopId).ThenBy(k => k.ProductId, StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            return;
        }
        sql.Append("INSERT INTO rating_counts (shop_id, product_id, star1, star2, star3, star4, star5, version) VALUES ");
        foreach (var key in keys)
        {
            var stars = _deltas.GetValueOrDefault(key) ?? new int[5];
            object[] row = [key.ShopId, key.ProductId, stars[0], stars[1], stars[2], stars[3], stars[4], _shown.Contains(key) ? 1 : 0];
            sql.Append(key == keys[0] ? "(" : ", (");
            for (var i = 0; i < row.Length; i++)
            {
                var name = "@r" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
                sql.Append(i == 0 ? "" : ", ").Append(name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = row[i];
                command.Parameters.Add(parameter);
            }
            sql.Append(')');
        }
        sql.Append("""
             ON CONFLICT (shop_id, product_id) DO UPDATE SET
                star1 = rating_counts.star1 + excluded.star1, star2 = rating_counts.star2 + excluded.star2,
                star3 = rating_counts.star3 + excluded.star3, star4 = rating_counts.star4 + excluded.star4,
                star5 = rating_counts.star5 + excluded.star5, version = rating_counts.version + excluded.version;
            """);
    }
}
