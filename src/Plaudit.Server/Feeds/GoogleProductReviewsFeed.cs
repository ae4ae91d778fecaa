using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Reviews;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Feeds;

/// <summary>
/// A shop's published product reviews as Google's Product Reviews feed (schema 2.4,
/// https://developers.google.com/product-review-feeds/schema), written as the rows arrive: reviews
/// are read one at a time from the database and written straight to the response, so a shop with
/// 100,000 reviews costs the same memory as one with ten. Reviews Google would reject are left out:
/// a store review (no product), no text, or no page to link to.
/// </summary>
public sealed class GoogleProductReviewsFeed(PlauditDbContext db)
{
    public const string SchemaVersion = "2.4";
    public const string SchemaLocation = "http://www.google.com/shopping/reviews/schema/product/2.4/product_reviews.xsd";

    /// <summary>Flushes to the client after this many reviews, so the response streams instead of filling a buffer.</summary>
    private const int FlushEvery = 200;

    public sealed record FeedShop(long Id, string Name, string? Domain);

    public async Task WriteAsync(FeedShop shop, Stream output, CancellationToken cancellationToken)
    {
        var settings = new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = true, CheckCharacters = true };
        await using var xml = XmlWriter.Create(output, settings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "feed", null);
        await xml.WriteAttributeStringAsync("xmlns", "vc", null, "http://www.w3.org/2007/XMLSchema-versioning");
        await xml.WriteAttributeStringAsync("xmlns", "xsi", null, "http://www.w3.org/2001/XMLSchema-instance");
        await xml.WriteAttributeStringAsync("xsi", "noNamespaceSchemaLocation", "http://www.w3.org/2001/XMLSchema-instance", SchemaLocation);
        await xml.WriteElementStringAsync(null, "version", null, SchemaVersion);
        await xml.WriteStartElementAsync(null, "aggregator", null);
        await xml.WriteElementStringAsync(null, "name", null, "Plaudit");
        await xml.WriteEndElementAsync();
        await xml.WriteStartElementAsync(null, "publisher", null);
        await xml.WriteElementStringAsync(null, "name", null, Text(shop.Name) is { Length: > 0 } name ? name : "Shop " + shop.Id.ToString(CultureInfo.InvariantCulture));
        await xml.WriteEndElementAsync();

        var shopUrl = string.IsNullOrWhiteSpace(shop.Domain) ? null : $"https://{shop.Domain.Trim().ToLowerInvariant()}/";
        var reviews = db.Reviews.AsNoTracking().Include(r => r.Product)
            .Where(r => r.ShopId == shop.Id && r.IsPublished && r.ProductId != null)
            .OrderBy(r => r.Id)
            .AsAsyncEnumerable();
        var written = 0;
        await foreach (var review in reviews.WithCancellation(cancellationToken))
        {
            var productUrl = HttpUrl(review.Product?.Url) ?? shopUrl;
            if (productUrl is null || Text(review.Content).Length == 0)
            {
                continue;
            }
            if (written == 0)
            {
                await xml.WriteStartElementAsync(null, "reviews", null);
            }
            await WriteReviewAsync(xml, review, productUrl);
            if (++written % FlushEvery == 0)
            {
                await xml.FlushAsync();
            }
        }
        if (written > 0)
        {
            await xml.WriteEndElementAsync();
        }
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }

    private static async Task WriteReviewAsync(XmlWriter xml, Review review, string productUrl)
    {
        await xml.WriteStartElementAsync(null, "review", null);
        await xml.WriteElementStringAsync(null, "review_id", null, review.Id.ToString(CultureInfo.InvariantCulture));
        await xml.WriteStartElementAsync(null, "reviewer", null);
        await xml.WriteStartElementAsync(null, "name", null);
        var author = Text(review.Author);
        if (author.Length == 0)
        {
            await xml.WriteAttributeStringAsync(null, "is_anonymous", null, "true");
        }
        await xml.WriteStringAsync(author.Length > 0 ? author : "Anonymous");
        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await xml.WriteElementStringAsync(null, "review_timestamp", null, review.CommentedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        if (Text(review.Title) is { Length: > 0 } title)
        {
            await xml.WriteElementStringAsync(null, "title", null, title);
        }
        await xml.WriteElementStringAsync(null, "content", null, Text(review.Content));
        await xml.WriteStartElementAsync(null, "review_url", null);
        await xml.WriteAttributeStringAsync(null, "type", null, "group");
        await xml.WriteStringAsync(productUrl);
        await xml.WriteEndElementAsync();
        var images = review.Media.Where(m => m.IsPublished && m.Type == ReviewMedia.Image).Select(m => HttpUrl(m.Url)).OfType<string>().ToList();
        if (images.Count > 0)
        {
            await xml.WriteStartElementAsync(null, "reviewer_images", null);
            foreach (var image in images)
            {
                await xml.WriteStartElementAsync(null, "reviewer_image", null);
                await xml.WriteElementStringAsync(null, "url", null, image);
                await xml.WriteEndElementAsync();
            }
            await xml.WriteEndElementAsync();
        }
        await xml.WriteStartElementAsync(null, "ratings", null);
        await xml.WriteStartElementAsync(null, "overall", null);
        await xml.WriteAttributeStringAsync(null, "min", null, "1");
        await xml.WriteAttributeStringAsync(null, "max", null, "5");
        await xml.WriteStringAsync(review.Rating.ToString(CultureInfo.InvariantCulture));
        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await WriteProductAsync(xml, review.Product, review.ProductId!, productUrl);
        // A purchase the shop's order proves, reviewed after it was fulfilled; a shopper's own submission was not asked for.
        var method = review.IsVerified && review.OrderId.Length > 0 ? "post_fulfillment"
            : ReviewSources.SelfDeclared.Contains(review.Source) ? "unsolicited"
            : null;
        if (method is not null)
        {
            await xml.WriteElementStringAsync(null, "collection_method", null, method);
        }
        if (Text(review.OrderId) is { Length: > 0 } order)
        {
            await xml.WriteElementStringAsync(null, "transaction_id", null, order);
        }
        await xml.WriteEndElementAsync();
    }

    private static async Task WriteProductAsync(XmlWriter xml, Product? product, string productId, string productUrl)
    {
        await xml.WriteStartElementAsync(null, "products", null);
        await xml.WriteStartElementAsync(null, "product", null);
        var ids = new (string List, string Item, string Value)[]
        {
            ("gtins", "gtin", Text(product?.Gtin)), ("mpns", "mpn", Text(product?.Mpn)),
            ("skus", "sku", Text(product?.Sku) is { Length: > 0 } sku ? sku : productId), ("brands", "brand", Text(product?.Brand)),
        };
        await xml.WriteStartElementAsync(null, "product_ids", null);
        foreach (var (list, item, value) in ids.Where(i => i.Value.Length > 0))
        {
            await xml.WriteStartElementAsync(null, list, null);
            await xml.WriteElementStringAsync(null, item, null, value);
            await xml.WriteEndElementAsync();
        }
        await xml.WriteEndElementAsync();
        if (Text(product?.Title) is { Length: > 0 } name)
        {
            await xml.WriteElementStringAsync(null, "product_name", null, name);
        }
        await xml.WriteElementStringAsync(null, "product_url", null, productUrl);
        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
    }

    /// <summary>Text as XML 1.0 can carry it: characters it forbids (most control characters) are dropped, whitespace trimmed.</summary>
    private static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (value.All(XmlConvert.IsXmlChar))
        {
            return value.Trim();
        }
        var clean = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (XmlConvert.IsXmlChar(value[i]))
            {
                clean.Append(value[i]);
            }
            else if (i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], value[i]))
            {
                clean.Append(value[i]).Append(value[++i]);
            }
        }
        return clean.ToString().Trim();
    }

    private static string? HttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.AbsoluteUri : null;
}
