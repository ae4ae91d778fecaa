using System.Globalization;
using System.Text;
using Plaudit.Server.Hosting;

namespace Plaudit.Server.RichResults;

/// <summary>
/// A fragment of HTML for shops that render pages on the server: the JSON-LD, the stars and the first
/// reviews, every value HTML-encoded (review text is the public's). Classes start with
/// <c>plaudit-</c> and carry no styles, so the shop's stylesheet decides the look; the widget may
/// replace it on the page once it runs.
/// </summary>
public static class ProductSnippetHtml
{
    public static string Render(ProductReviewSummary summary)
    {
        var (product, rating, latest) = (summary.Product, summary.Rating, summary.Latest);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""<div class="plaudit-snippet" data-product-id="{HtmlPage.Encode(product.Id)}">""").Append('\n');
        html.Append("""<script type="application/ld+json">""").Append(ProductJsonLd.Serialize(summary)).Append("</script>\n");
        if (rating.ReviewCount == 0)
        {
            html.Append("""<p class="plaudit-rating">No reviews yet.</p>""").Append('\n');
        }
        else
        {
            var value = decimal.Parse(rating.RatingValue, CultureInfo.InvariantCulture);
            html.Append(CultureInfo.InvariantCulture,
                $"""<p class="plaudit-rating"><span class="plaudit-stars" aria-hidden="true">{Stars((int)Math.Round(value, MidpointRounding.AwayFromZero))}</span> <span>{HtmlPage.Encode(rating.RatingValue)} out of 5, based on {rating.ReviewCount} {(rating.ReviewCount == 1 ? "review" : "reviews")}</span></p>""")
                .Append('\n');
        }
        if (latest.Count > 0)
        {
            html.Append("""<ol class="plaudit-reviews">""").Append('\n');
            foreach (var review in latest)
            {
                html.Append("<li><article>");
                html.Append(CultureInfo.InvariantCulture, $"""<p><span class="plaudit-stars" role="img" aria-label="Rated {review.Rating} out of 5">{Stars(review.Rating)}</span>""");
                if (review.Title.Length > 0)
                {
                    html.Append(" <strong>").Append(HtmlPage.Encode(review.Title)).Append("</strong>");
                }
                html.Append("</p>");
                html.Append("<p>").Append(HtmlPage.Encode(review.Content)).Append("</p>");
                html.Append("""<p class="plaudit-byline">""").Append(HtmlPage.Encode(review.Author));
                if (review.IsVerified)
                {
                    html.Append(""", <span class="plaudit-verified">verified buyer</span>""");
                }
                html.Append(CultureInfo.InvariantCulture, $""", <time datetime="{review.CommentedAt:yyyy-MM-dd}">{review.CommentedAt:yyyy-MM-dd}</time></p>""");
                if (review.Reply is { Content.Length: > 0 } reply)
                {
                    html.Append("""<p class="plaudit-reply"><strong>Reply from the shop:</strong> """).Append(HtmlPage.Encode(reply.Content)).Append("</p>");
                }
                html.Append("</article></li>\n");
            }
            html.Append("</ol>\n");
        }
        html.Append("</div>\n");
        return html.ToString();
    }

    private static string Stars(int filled) => new string('★', Math.Clamp(filled, 0, 5)) + new string('☆', 5 - Math.Clamp(filled, 0, 5));
}
