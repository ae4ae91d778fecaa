using System.Buffers.Text;
using System.Data.Common;
using System.Text.Json;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Reviews;

/// <summary>
/// Writes a row of <see cref="ReviewListReader"/>'s columns straight to wire JSON: the bytes
/// <see cref="ReviewJson.From"/> serialized would give (the same names, order, types and escaping),
/// without building a <see cref="Review"/>, a <see cref="ReviewJson"/> and their strings for every
/// row of every uncached page first.
/// </summary>
public static class ReviewRowJson
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Rating = JsonEncodedText.Encode("rating");
    private static readonly JsonEncodedText Author = JsonEncodedText.Encode("author");
    private static readonly JsonEncodedText AuthorEmail = JsonEncodedText.Encode("author_email");
    private static readonly JsonEncodedText AuthorPhone = JsonEncodedText.Encode("author_phone");
    private static readonly JsonEncodedText AuthorCountry = JsonEncodedText.Encode("author_country");
    private static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
    private static readonly JsonEncodedText Content = JsonEncodedText.Encode("content");
    private static readonly JsonEncodedText CommentedAt = JsonEncodedText.Encode("commented_at");
    private static readonly JsonEncodedText ItemType = JsonEncodedText.Encode("item_type");
    private static readonly JsonEncodedText OrderId = JsonEncodedText.Encode("order_id");
    private static readonly JsonEncodedText VariantId = JsonEncodedText.Encode("variant_id");
    private static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText IsVerified = JsonEncodedText.Encode("is_verified");
    private static readonly JsonEncodedText IsFeatured = JsonEncodedText.Encode("is_featured");
    private static readonly JsonEncodedText IsPublished = JsonEncodedText.Encode("is_published");
    private static readonly JsonEncodedText IsTop = JsonEncodedText.Encode("is_top");
    private static readonly JsonEncodedText Tag = JsonEncodedText.Encode("tag");
    private static readonly JsonEncodedText MediaType = JsonEncodedText.Encode("media_type");
    private static readonly JsonEncodedText Media = JsonEncodedText.Encode("media");
    private static readonly JsonEncodedText Url = JsonEncodedText.Encode("url");
    private static readonly JsonEncodedText ThumbnailUrl = JsonEncodedText.Encode("thumbnail_url");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText Reply = JsonEncodedText.Encode("reply");
    private static readonly JsonEncodedText ReplyAt = JsonEncodedText.Encode("reply_at");
    private static readonly JsonEncodedText Product = JsonEncodedText.Encode("product");
    private static readonly JsonEncodedText Handle = JsonEncodedText.Encode("handle");
    private static readonly JsonEncodedText ImageSrc = JsonEncodedText.Encode("image_src");
    private static readonly JsonEncodedText Gtin = JsonEncodedText.Encode("gtin");
    private static readonly JsonEncodedText Mpn = JsonEncodedText.Encode("mpn");
    private static readonly JsonEncodedText Sku = JsonEncodedText.Encode("sku");
    private static readonly JsonEncodedText Brand = JsonEncodedText.Encode("brand");
    private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("created_at");
    private static readonly JsonEncodedText UpdatedAt = JsonEncodedText.Encode("updated_at");

    /// <summary>One review object, from a row in <see cref="ReviewListReader"/>'s column order.</summary>
    public static void Write(Utf8JsonWriter w, DbDataReader r)
    {
        w.WriteStartObject();
        Span<byte> number = stackalloc byte[20];
        Utf8Formatter.TryFormat(r.GetInt64(0), number, out var length);
        w.WriteString(Id, number[..length]);
        w.WriteNumber(Rating, r.GetInt32(2));
        w.WriteString(Author, r.GetString(3));
        w.WriteString(AuthorEmail, r.GetString(4));
        w.WriteString(AuthorPhone, r.GetString(5));
        w.WriteString(AuthorCountry, r.GetString(6));
        w.WriteString(Title, r.GetString(7));
        w.WriteString(Content, r.GetString(8));
        WriteTime(w, CommentedAt, r.GetDateTime(9));
        w.WriteString(ItemType, r.GetString(10));
        w.WriteString(OrderId, r.GetString(11));
        w.WriteString(VariantId, r.GetString(12));
        w.WriteString(Source, r.GetString(13));
        w.WriteNumber(IsVerified, Bit(r.GetBoolean(14)));
        w.WriteNumber(IsFeatured, Bit(r.GetBoolean(15)));
        w.WriteNumber(IsPublished, Bit(r.GetBoolean(16)));
        w.WriteNumber(IsTop, Bit(r.GetBoolean(17)));
        w.WriteString(Tag, r.GetString(18));
        w.WriteNumber(MediaType, r.GetInt32(19));
        WriteMedia(w, r.GetString(20));
        // The owned reply exists when its required columns are all set, as EF Core decides.
        if (r.IsDBNull(21) || r.IsDBNull(22) || r.IsDBNull(23))
        {
            w.WriteNull(Reply);
        }
        else
        {
            w.WriteStartObject(Reply);
            w.WriteString(Id, r.GetString(21));
            w.WriteString(Content, r.GetString(22));
            WriteTime(w, ReplyAt, r.GetDateTime(23));
            w.WriteEndObject();
        }
        if (r.IsDBNull(26))
        {
            w.WriteNull(Product);
        }
        else
        {
            w.WriteStartObject(Product);
            w.WriteString(Id, r.GetString(26));
            w.WriteString(Title, r.GetString(27));
            w.WriteString(Handle, r.GetString(28));
            w.WriteString(ImageSrc, r.GetString(29));
            w.WriteString(Url, r.GetString(30));
            w.WriteString(Gtin, r.GetString(31));
            w.WriteString(Mpn, r.GetString(32));
            w.WriteString(Sku, r.GetString(33));
            w.WriteString(Brand, r.GetString(34));
            w.WriteEndObject();
        }
        WriteTime(w, CreatedAt, r.GetDateTime(24));
        WriteTime(w, UpdatedAt, r.GetDateTime(25));
        w.WriteEndObject();
    }

    private static void WriteMedia(Utf8JsonWriter w, string column)
    {
        w.WriteStartArray(Media);
        // Most reviews have none: their column is "[]", and there is nothing to read.
        if (column.Length > 2)
        {
            foreach (var m in JsonColumn.Read<ReviewMedia>(column))
            {
                w.WriteStartObject();
                w.WriteString(Url, m.Url);
                w.WriteString(ThumbnailUrl, m.ThumbnailUrl);
                w.WriteNumber(Type, m.Type);
                w.WriteNumber(IsPublished, Bit(m.IsPublished));
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();
    }

    /// <summary>As <see cref="OpenApi.WireTime.Format(DateTime)"/>: RFC 3339 UTC to the second, formatted without a string.</summary>
    private static void WriteTime(Utf8JsonWriter w, JsonEncodedText name, DateTime stored)
    {
        Span<byte> text = stackalloc byte[20];
        Digits(text[..4], stored.Year);
        text[4] = (byte)'-';
        Digits(text.Slice(5, 2), stored.Month);
        text[7] = (byte)'-';
        Digits(text.Slice(8, 2), stored.Day);
        text[10] = (byte)'T';
        Digits(text.Slice(11, 2), stored.Hour);
        text[13] = (byte)':';
        Digits(text.Slice(14, 2), stored.Minute);
        text[16] = (byte)':';
        Digits(text.Slice(17, 2), stored.Second);
        text[19] = (byte)'Z';
        w.WriteString(name, text);
    }

    private static void Digits(Span<byte> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    private static int Bit(bool value) => value ? 1 : 0;
}
