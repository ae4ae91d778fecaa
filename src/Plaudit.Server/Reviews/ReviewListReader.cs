using System.Data.Common;
using System.Text;
using System.Text.Json;
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
    private static readonly JsonEncodedText List = JsonEncodedText.Encode("list");
    private static readonly JsonEncodedText Page = JsonEncodedText.Encode("page");

    /// <summary>The page's columns, in the order <see cref="ReviewRowJson.Write"/> reads them.</summary>
    public const string Columns =
        "r.id, r.product_id, r.rating, r.author, r.author_email, r.author_phone, r.author_country, r.title, r.content, r.commented_at, " +
        "r.item_type, r.order_id, r.variant_id, r.source, r.is_verified, r.is_featured, r.is_published, r.is_top, r.tag, r.media_type, r.media, " +
        "r.reply_id, r.reply_content, r.reply_at, r.created_at, r.updated_at, " +
        "p.id, p.title, p.handle, p.image_src, p.url, p.gtin, p.mpn, p.sku, p.brand";

    /// <summary>The page as the wire JSON of a <see cref="Paged{T}"/> of <see cref="ReviewJson"/>, rows written as they are read.</summary>
    public static async Task<byte[]> ReadAsync(
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
        using var json = new PooledResponseBuffer(16 * 1024);
        using var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = OpenApiJson.Options.Encoder });
        writer.WriteStartObject();
        writer.WriteStartArray(List);
        var rows = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ReviewRowJson.Write(writer, reader);
                rows++;
            }
        }

        long total;
        if (rows > 0 && rows < page.PageSize || rows == 0 && page.Skip == 0)
        {
            total = page.Skip + rows;
        }
        else
        {
            var count = connection.Command($"SELECT COUNT(*) FROM reviews r WHERE {where}");
            AddParameters(count, parameters);
            total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            if (total <= page.Skip && rows > 0)
            {
                // Reviews were deleted between the two statements and the page is now past the end: it lists none.
                writer.Reset();
                json.Clear();
                writer.WriteStartObject();
                writer.WriteStartArray(List);
            }
        }
        writer.WriteEndArray();
        writer.WritePropertyName(Page);
        JsonSerializer.Serialize(writer, new PageInfo(page.Page, page.PageSize, total, (int)((total + page.PageSize - 1) / page.PageSize)), OpenApiJson.Options);
        writer.WriteEndObject();
        writer.Flush();
        return json.WrittenMemory.ToArray();
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
}
