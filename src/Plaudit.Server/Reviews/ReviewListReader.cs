using System.Data.Common;
using System.Text;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Reviews;

/// <summary>
/// A page of <c>get_reviews</c> in plain SQL on one leased connection (its statements kept prepared
/// on SQLite, <see cref="PreparedConnection"/>): every answer not in the read cache
/// runs this, and EF Core's per-query work (parameter extraction, cache lookup, shaper, the joined
/// owned and related entities) cost several times the statements themselves. The WHERE and ORDER BY
/// are <see cref="ReviewFilter.Apply"/>'s, written out; the count runs only when the page alone does
/// not tell the total (a full page, or a page past the end).
/// </summary>
public static class ReviewListReader
{
    private const string Columns =
        "r.id, r.product_id, r.rating, r.author, r.author_email, r.author_phone, r.author_country, r.title, r.content, r.commented_at, " +
        "r.item_type, r.order_id, r.variant_id, r.source, r.is_verified, r.is_featured, r.is_published, r.is_top, r.tag, r.media_type, r.media, " +
        "r.reply_id, r.reply_content, r.reply_at, r.created_at, r.updated_at, " +
        "p.id, p.title, p.handle, p.image_src, p.url, p.gtin, p.mpn, p.sku, p.brand";

    public static async Task<Paged<ReviewJson>> ReadAsync(
        PlainConnections connections, long shopId, ReviewFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, object>>(8);
        var where = Where(parameters, shopId, filter);
        await using var connection = await connections.LeaseAsync(cancellationToken);
        var command = connection.Command(
            $"SELECT {Columns} FROM reviews r LEFT JOIN products p ON p.shop_id = r.shop_id AND p.id = r.product_id WHERE {where} ORDER BY {OrderBy(filter.Order)} LIMIT @take OFFSET @skip");
        AddParameters(command, parameters);
        PlainConnections.AddParameter(command, "@take", page.PageSize);
        PlainConnections.AddParameter(command, "@skip", page.Skip);
        var items = new List<ReviewJson>(page.PageSize);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(ReviewJson.From(Read(reader)));
            }
        }

        long total;
        if (items.Count > 0 && items.Count < page.PageSize || items.Count == 0 && page.Skip == 0)
        {
            total = page.Skip + items.Count;
        }
        else
        {
            var count = connection.Command($"SELECT COUNT(*) FROM reviews r WHERE {where}");
            AddParameters(count, parameters);
            total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            if (total <= page.Skip)
            {
                items.Clear();
            }
        }
        var totalPage = (int)((total + page.PageSize - 1) / page.PageSize);
        return new Paged<ReviewJson>(items, new PageInfo(page.Page, page.PageSize, total, totalPage));
    }

    private static void AddParameters(DbCommand command, List<KeyValuePair<string, object>> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            PlainConnections.AddParameter(command, name, value);
        }
    }

    /// <summary>The filter's conditions; their values go to <paramref name="parameters"/>.</summary>
    private static string Where(List<KeyValuePair<string, object>> parameters, long shopId, ReviewFilter filter)
    {
        var sql = new StringBuilder("r.shop_id = @shop", 256);
        parameters.Add(new("@shop", shopId));
        if (filter.ProductIds is { } productIds)
        {
            InList(sql, parameters, "r.product_id", "@product", productIds);
        }
        if (filter.Rating is { } ratings)
        {
            InList(sql, parameters, "r.rating", "@rating", ratings);
        }
        Flag(sql, parameters, "is_published", filter.IsPublished);
        Flag(sql, parameters, "is_verified", filter.IsVerified);
        Flag(sql, parameters, "is_featured", filter.IsFeatured);
        Flag(sql, parameters, "is_top", filter.IsTop);
        Flag(sql, parameters, "has_media", filter.HasMedia);
        if (filter.Source is { } source)
        {
            sql.Append(" AND r.source = @source");
            parameters.Add(new("@source", source));
        }
        Time(sql, parameters, "created_at", ">=", "@created_from", filter.CreatedAtMin);
        Time(sql, parameters, "created_at", "<=", "@created_to", filter.CreatedAtMax);
        Time(sql, parameters, "updated_at", ">=", "@updated_from", filter.UpdatedAtMin);
        Time(sql, parameters, "updated_at", "<=", "@updated_to", filter.UpdatedAtMax);
        return sql.ToString();
    }

    private static void InList<T>(StringBuilder sql, List<KeyValuePair<string, object>> parameters, string column, string name, IReadOnlyList<T> values) where T : notnull
    {
        if (values.Count == 0)
        {
            // An empty list matches nothing, as Contains on an empty list does.
            sql.Append(" AND 1 = 0");
            return;
        }
        sql.Append(" AND ").Append(column);
        if (values.Count == 1)
        {
            sql.Append(" = ").Append(name);
            parameters.Add(new(name, values[0]));
            return;
        }
        sql.Append(" IN (");
        for (var i = 0; i < values.Count; i++)
        {
            var parameter = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            sql.Append(i == 0 ? "" : ", ").Append(parameter);
            parameters.Add(new(parameter, values[i]));
        }
        sql.Append(')');
    }

    private static void Flag(StringBuilder sql, List<KeyValuePair<string, object>> parameters, string column, bool? value)
    {
        if (value is { } flag)
        {
            sql.Append(" AND r.").Append(column).Append(" = @").Append(column);
            parameters.Add(new("@" + column, flag));
        }
    }

    private static void Time(StringBuilder sql, List<KeyValuePair<string, object>> parameters, string column, string comparison, string name, DateTime? value)
    {
        if (value is { } time)
        {
            sql.Append(" AND r.").Append(column).Append(' ').Append(comparison).Append(' ').Append(name);
            // Stored times are UTC (UtcDateTimeConverter); EF Core converts a filter's value the same way.
            parameters.Add(new(name, time.Kind == DateTimeKind.Utc ? time : time.ToUniversalTime()));
        }
    }

    /// <summary>The id breaks ties so pages never overlap or skip rows.</summary>
    private static string OrderBy(ReviewOrder order) => order switch
    {
        ReviewOrder.CreatedAscending => "r.created_at, r.id",
        ReviewOrder.RatingDescending => "r.rating DESC, r.created_at DESC, r.id DESC",
        ReviewOrder.RatingAscending => "r.rating, r.created_at DESC, r.id DESC",
        _ => "r.created_at DESC, r.id DESC",
    };

    private static Review Read(DbDataReader r)
    {
        var review = new Review
        {
            Id = r.GetInt64(0),
            ProductId = r.IsDBNull(1) ? null : r.GetString(1),
            Rating = r.GetInt32(2),
            Author = r.GetString(3),
            AuthorEmail = r.GetString(4),
            AuthorPhone = r.GetString(5),
            AuthorCountry = r.GetString(6),
            Title = r.GetString(7),
            Content = r.GetString(8),
            CommentedAt = Utc(r.GetDateTime(9)),
            ItemType = r.GetString(10),
            OrderId = r.GetString(11),
            VariantId = r.GetString(12),
            Source = r.GetString(13),
            IsVerified = r.GetBoolean(14),
            IsFeatured = r.GetBoolean(15),
            IsPublished = r.GetBoolean(16),
            IsTop = r.GetBoolean(17),
            Tag = r.GetString(18),
            MediaType = r.GetInt32(19),
            Media = JsonColumn.Read<ReviewMedia>(r.GetString(20)),
            // The owned reply exists when its required columns are all set, as EF Core decides.
            Reply = r.IsDBNull(21) || r.IsDBNull(22) || r.IsDBNull(23)
                ? null
                : new ReviewReply { Id = r.GetString(21), Content = r.GetString(22), ReplyAt = Utc(r.GetDateTime(23)) },
            CreatedAt = Utc(r.GetDateTime(24)),
            UpdatedAt = Utc(r.GetDateTime(25)),
        };
        if (!r.IsDBNull(26))
        {
            review.Product = new Product
            {
                ShopId = 0,
                Id = r.GetString(26),
                Title = r.GetString(27),
                Handle = r.GetString(28),
                ImageSrc = r.GetString(29),
                Url = r.GetString(30),
                Gtin = r.GetString(31),
                Mpn = r.GetString(32),
                Sku = r.GetString(33),
                Brand = r.GetString(34),
            };
        }
        return review;
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
