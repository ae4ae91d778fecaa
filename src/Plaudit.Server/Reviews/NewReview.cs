using System.Text.Json;
using Plaudit.Server.OpenApi;

namespace Plaudit.Server.Reviews;

/// <summary>
/// A validated <c>create_review</c> body. Media may come in the payload's shape (an array of
/// <c>{url, thumbnail_url, type, is_published}</c>) or in Trustoo's create shape
/// (<c>{images[], thumbnails[], video, video_thumbnail}</c>).
/// </summary>
public sealed record NewReview(
    string? ProductId,
    NewProduct? Product,
    int Rating,
    string Author,
    string AuthorEmail,
    string AuthorPhone,
    string AuthorCountry,
    string Title,
    string Content,
    DateTime? CommentedAt,
    string? ItemType,
    string OrderId,
    string VariantId,
    string Source,
    bool? IsVerified,
    bool IsFeatured,
    bool IsPublished,
    bool IsTop,
    string Tag,
    List<ReviewMedia> Media,
    NewReply? Reply)
{
    public const int MaxMedia = 20;

    public static NewReview? Read(JsonFields body)
    {
        var productId = body.Id("product_id");
        if (productId == "0")
        {
            productId = null;
        }
        var product = body.Object("product") is { } p ? ReadProduct(p) : null;
        productId ??= product?.Id;

        var review = new NewReview(
            productId,
            product,
            body.Int("rating", required: true, min: 1, max: 5) ?? 0,
            body.String("author", required: true) ?? "",
            ReadEmail(body, "author_email"),
            body.String("author_phone", maxLength: 64) ?? "",
            body.String("author_country", maxLength: 8) ?? "",
            body.String("title") ?? "",
            body.String("content", maxLength: 20_000) ?? "",
            body.Time("commented_at"),
            body.String("item_type", maxLength: 32),
            body.Id("order_id") ?? "",
            body.Id("variant_id") ?? "",
            body.String("source", maxLength: 32) ?? ReviewSources.Api,
            body.Flag("is_verified"),
            body.Flag("is_featured") ?? false,
            body.Flag("is_published") ?? true,
            body.Flag("is_top") ?? false,
            body.String("tag") ?? "",
            ReadMedia(body),
            body.Object("reply") is { } r ? ReadReply(r) : null);
        return body.Error is null ? review : null;
    }

    private static string ReadEmail(JsonFields body, string name)
    {
        var email = body.String(name, maxLength: 320)?.Trim() ?? "";
        if (email.Length > 0 && (!email.Contains('@', StringComparison.Ordinal) || email.StartsWith('@') || email.EndsWith('@')))
        {
            body.Reject(name, "must be an email address");
        }
        return email;
    }

    private static NewProduct? ReadProduct(JsonFields product)
    {
        var id = product.Id("id");
        return id is null ? null : new NewProduct(
            id,
            product.String("title", maxLength: 512),
            product.String("handle"),
            ReadUrl(product, "image_src", required: false),
            ReadUrl(product, "url", required: false));
    }

    private static NewReply? ReadReply(JsonFields reply)
    {
        var content = reply.String("content", required: true, maxLength: 20_000);
        return content is null ? null : new NewReply(content, reply.Time("reply_at"));
    }

    private static List<ReviewMedia> ReadMedia(JsonFields body)
    {
        var media = new List<ReviewMedia>();
        if (body.KindOf("media") == JsonValueKind.Object && body.Object("media") is { } grouped)
        {
            var images = grouped.Array("images", MaxMedia) ?? [];
            var thumbnails = grouped.Array("thumbnails", MaxMedia) ?? [];
            for (var i = 0; i < images.Count; i++)
            {
                var url = UrlAt(grouped, "images", i, images[i]);
                var thumbnail = i < thumbnails.Count ? UrlAt(grouped, "thumbnails", i, thumbnails[i]) : url;
                media.Add(new ReviewMedia(url, thumbnail, ReviewMedia.Image, true));
            }
            if (ReadUrl(grouped, "video", required: false) is { Length: > 0 } video)
            {
                media.Add(new ReviewMedia(video, ReadUrl(grouped, "video_thumbnail", required: false) ?? "", ReviewMedia.Video, true));
            }
            return media;
        }

        var items = body.Array("media", MaxMedia) ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            if (body.Element("media", i, items[i]) is not { } item)
            {
                break;
            }
            var url = ReadUrl(item, "url", required: true) ?? "";
            var type = item.Int("type", min: 1, max: 2) ?? ReviewMedia.Image;
            media.Add(new ReviewMedia(url, ReadUrl(item, "thumbnail_url", required: false) ?? "", type, item.Flag("is_published") ?? true));
        }
        return media;
    }

    private static string UrlAt(JsonFields owner, string arrayName, int index, JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String && IsHttpUrl(element.GetString()))
        {
            return element.GetString()!;
        }
        owner.Reject($"{arrayName}[{index}]", "must be an absolute http(s) URL");
        return "";
    }

    private static string? ReadUrl(JsonFields fields, string name, bool required)
    {
        var url = fields.String(name, required, maxLength: 2048);
        if (!string.IsNullOrEmpty(url) && !IsHttpUrl(url))
        {
            fields.Reject(name, "must be an absolute http(s) URL");
        }
        return url;
    }

    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
