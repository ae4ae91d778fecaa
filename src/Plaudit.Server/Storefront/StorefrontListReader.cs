using System.Data.Common;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Reviews;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Storefront;

/// <summary>
/// A widget's page of published reviews and its rating, read in two plain statements on one
/// connection: this runs for every list not yet cached, so it skips EF Core's per-query cost. The
/// statements walk the published-list partial indexes and the one <see cref="RatingCounts"/> row.
/// </summary>
public static class StorefrontListReader
{
    private const string Columns = "id, product_id, rating, author, author_country, title, content, commented_at, is_verified, is_featured, is_top, media, reply_content, reply_at";

    public static async Task<StorefrontReviewListJson> ReadAsync(
        PlainConnections connections, long shopId, string? productId, string sort, int page, int pageSize, CancellationToken cancellationToken)
    {
        var product = productId is null or "0" ? null : productId;
        await using var connection = await connections.LeaseAsync(cancellationToken);
        var rating = RatingSummary.From(await ReadCountsAsync(connection, shopId, product ?? RatingCounts.WholeShop, cancellationToken));

        var order = sort switch
        {
            "oldest" => "is_top DESC, commented_at, id",
            "highest" => "is_top DESC, rating DESC, commented_at DESC, id DESC",
            "lowest" => "is_top DESC, rating, commented_at DESC, id DESC",
            _ => "is_top DESC, commented_at DESC, id DESC",
        };
        var productFilter = product is null ? "" : " AND product_id = @product";
        var command = connection.Command($"SELECT {Columns} FROM reviews WHERE shop_id = @shop AND is_published{productFilter} ORDER BY {order} LIMIT @take OFFSET @skip");
        PlainConnections.AddParameter(command, "@shop", shopId);
        if (product is not null)
        {
            PlainConnections.AddParameter(command, "@product", product);
        }
        PlainConnections.AddParameter(command, "@take", pageSize);
        PlainConnections.AddParameter(command, "@skip", (page - 1) * pageSize);
        var reviews = new List<StorefrontReviewJson>(pageSize);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                reviews.Add(Read(reader));
            }
        }
        var total = rating.ReviewCount;
        return new StorefrontReviewListJson(productId, rating, reviews, new StorefrontPageJson(page, pageSize, total, (total + pageSize - 1) / pageSize));
    }

    private static StorefrontReviewJson Read(DbDataReader r)
    {
        var media = JsonColumn.Read<ReviewMedia>(r.GetString(11)).Where(m => m.IsPublished)
            .Select(m => new StorefrontMediaJson(m.Url, m.ThumbnailUrl, m.Type)).ToList();
        var reply = r.IsDBNull(12) || r.IsDBNull(13) ? null : new StorefrontReplyJson(r.GetString(12), WireTime.Format(Utc(r.GetDateTime(13))));
        return new StorefrontReviewJson(
            WireId.Of(r.GetInt64(0)), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
            WireTime.Format(Utc(r.GetDateTime(7))), r.GetBoolean(8), r.GetBoolean(9), r.GetBoolean(10), media, reply);
    }

    /// <summary>
    /// The version of what a list of the product (or of the whole shop) shows: it advances with every
    /// change to one of its published reviews, on any node (<see cref="RatingCounts.Version"/>).
    /// </summary>
    public static async Task<long> ReadVersionAsync(PlainConnections connections, long shopId, string? productId, CancellationToken cancellationToken)
    {
        // Every list request runs this, cached or not: a leased connection keeps it prepared.
        await using var connection = await connections.LeaseAsync(cancellationToken);
        var command = connection.Command("SELECT version FROM rating_counts WHERE shop_id = @shop AND product_id = @product");
        PlainConnections.AddParameter(command, "@shop", shopId);
        PlainConnections.AddParameter(command, "@product", productId is null or "0" ? RatingCounts.WholeShop : productId);
        return await command.ExecuteScalarAsync(cancellationToken) is { } version and not DBNull ? Convert.ToInt64(version, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private static async Task<RatingCounts> ReadCountsAsync(PreparedConnection connection, long shopId, string productKey, CancellationToken cancellationToken)
    {
        var command = connection.Command("SELECT star1, star2, star3, star4, star5 FROM rating_counts WHERE shop_id = @shop AND product_id = @product");
        PlainConnections.AddParameter(command, "@shop", shopId);
        PlainConnections.AddParameter(command, "@product", productKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new RatingCounts { Star1 = reader.GetInt32(0), Star2 = reader.GetInt32(1), Star3 = reader.GetInt32(2), Star4 = reader.GetInt32(3), Star5 = reader.GetInt32(4) }
            : new RatingCounts();
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
