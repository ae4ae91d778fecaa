using Plaudit.Server.Orders;
using Plaudit.Server.Reviews;

namespace Plaudit.Server.Emails;

/// <summary>
/// What a confirmation shows of each review it asks about: its product and its own words. Anyone may
/// submit a review with a buyer's address, so a product title alone would let the buyer confirm a
/// stranger's text by mistake; they must see what they vouch for. Plain text: callers encode it.
/// </summary>
public static class PendingReviewText
{
    /// <summary>Enough to recognise a review, short enough that twenty fit in one email.</summary>
    public const int MaxExcerpt = 200;

    public static string ProductTitle(Review review, Order order) =>
        review.Product?.Title is { Length: > 0 } title ? title
        : order.Lines.FirstOrDefault(l => l.ProductId == review.ProductId)?.Title is { Length: > 0 } line ? line
        : "your purchase";

    /// <summary>The review's title and content on one line (no line breaks to fake a message's layout), clipped.</summary>
    public static string Excerpt(Review review)
    {
        var text = string.Join(" ", new[] { review.Title, review.Content }.Where(t => !string.IsNullOrWhiteSpace(t)))
            .ReplaceLineEndings(" ").Trim();
        if (text.Length <= MaxExcerpt)
        {
            return text;
        }
        var cut = char.IsHighSurrogate(text[MaxExcerpt - 1]) ? MaxExcerpt - 1 : MaxExcerpt;
        return string.Concat(text.AsSpan(0, cut).TrimEnd(), "…");
    }
}
