using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Plaudit.Server.RichResults;

/// <summary>
/// schema.org <c>Product</c> with its <c>AggregateRating</c> and latest <c>Review</c>s, as Google's
/// review snippets read it (https://developers.google.com/search/docs/appearance/structured-data/review-snippet):
/// a rating only when there are reviews (a zero count is an error there), each review with its author's
/// name and its rating on a 1 to 5 scale.
/// </summary>
public static class ProductJsonLd
{
    /// <summary>
    /// The default encoder escapes &lt;, &gt;, &amp; and quotes, so review text can never end the
    /// <c>&lt;script type="application/ld+json"&gt;</c> element it is placed in.
    /// </summary>
    private static readonly JsonSerializerOptions ScriptSafe = new() { Encoder = JavaScriptEncoder.Default, WriteIndented = false };

    public static string Serialize(ProductReviewSummary summary) => Build(summary).ToJsonString(ScriptSafe);

    public static JsonObject Build(ProductReviewSummary summary)
    {
        var (product, rating, latest) = (summary.Product, summary.Rating, summary.Latest);
        var json = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Product",
            ["name"] = product.Title.Length > 0 ? product.Title : product.Id,
        };
        AddIfSet(json, "url", product.Url);
        AddIfSet(json, "image", product.ImageSrc);
        AddIfSet(json, "sku", product.Sku);
        AddIfSet(json, "gtin", product.Gtin.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal));
        AddIfSet(json, "mpn", product.Mpn);
        if (product.Brand.Length > 0)
        {
            json["brand"] = new JsonObject { ["@type"] = "Brand", ["name"] = product.Brand };
        }
        if (rating.ReviewCount > 0)
        {
            json["aggregateRating"] = new JsonObject
            {
                ["@type"] = "AggregateRating",
                ["ratingValue"] = rating.RatingValue,
                ["reviewCount"] = rating.ReviewCount,
                ["bestRating"] = 5,
                ["worstRating"] = 1,
            };
        }
        if (latest.Count > 0)
        {
            json["review"] = new JsonArray([.. latest.Select(r =>
            {
                var review = new JsonObject
                {
                    ["@type"] = "Review",
                    ["author"] = new JsonObject { ["@type"] = "Person", ["name"] = r.Author.Length > 0 ? r.Author : "Anonymous" },
                    ["datePublished"] = r.CommentedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["reviewRating"] = new JsonObject { ["@type"] = "Rating", ["ratingValue"] = r.Rating, ["bestRating"] = 5, ["worstRating"] = 1 },
                };
                AddIfSet(review, "name", r.Title);
                AddIfSet(review, "reviewBody", r.Content);
                return (JsonNode)review;
            })]);
        }
        return json;
    }

    private static void AddIfSet(JsonObject json, string name, string value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            json[name] = value;
        }
    }
}
