using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Reviews;

namespace Plaudit.Server.Dashboard.Moderation;

/// <summary>
/// The moderation queue's filters, read from the page's query string. Whatever a URL holds, parsing
/// yields a sane filter: an unknown value is no filter, a long text is cut, so no query can fail.
/// </summary>
public sealed record ReviewQueueFilter(int? Rating, bool? Published, bool? Verified, bool? HasMedia, string? ProductId, string? Tag, string? Text)
{
    public const int MaxProductIdLength = 64;
    public const int MaxTextLength = 100;

    public static readonly ReviewQueueFilter None = new(null, null, null, null, null, null, null);

    public static ReviewQueueFilter Parse(string? rating, string? status, string? verified, string? media, string? product, string? tag, string? text) => new(
        int.TryParse(rating, NumberStyles.None, CultureInfo.InvariantCulture, out var stars) && stars is >= 1 and <= 5 ? stars : null,
        status switch { "published" => true, "pending" => false, _ => null },
        YesOrNo(verified),
        YesOrNo(media),
        Clean(product, MaxProductIdLength),
        Clean(tag, ReviewChange.MaxTagLength),
        Clean(text, MaxTextLength));

    public bool IsEmpty => this == None;

    /// <summary>The filter as it was asked for (already escaped), for links and redirects that keep it.</summary>
    public string Query => string.Join("&", new (string Name, string? Value)[]
        {
            ("rating", Rating?.ToString(CultureInfo.InvariantCulture)),
            ("status", Published switch { true => "published", false => "pending", null => null }),
            ("verified", Word(Verified)),
            ("media", Word(HasMedia)),
            ("product", ProductId),
            ("tag", Tag),
            ("q", Text),
        }
        .Where(p => p.Value is not null)
        .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));

    /// <summary>
    /// Rating, product and status each narrow a walk of an index on (shop, that, created_at, ...), so
    /// the page's newest-first order comes straight off the index; verified and media walk (shop,
    /// created_at) and skip the rest, cheap while such reviews are common. Tag and text can use no
    /// index: a rare tag, or a text found nowhere, reads every row of the shop. At 100,000 reviews
    /// that text search takes ~70 ms on SQLite and ~200 ms on PostgreSQL, which scans the table
    /// even when every row matches, as it cannot estimate a LIKE (bench/results/dashboard.md).
    /// </summary>
    public IQueryable<Review> Apply(IQueryable<Review> reviews)
    {
        if (Rating is { } rating)
        {
            reviews = reviews.Where(r => r.Rating == rating);
        }
        if (Published is { } published)
        {
            reviews = reviews.Where(r => r.IsPublished == published);
        }
        if (Verified is { } verified)
        {
            reviews = reviews.Where(r => r.IsVerified == verified);
        }
        if (HasMedia is { } hasMedia)
        {
            reviews = reviews.Where(r => r.HasMedia == hasMedia);
        }
        if (ProductId is { } productId)
        {
            reviews = reviews.Where(r => r.ProductId == productId);
        }
        if (Tag is { } tag)
        {
            reviews = reviews.Where(r => r.Tag == tag);
        }
        if (Text is { } text)
        {
            // lower() on both sides: case-insensitive on SQLite and PostgreSQL alike (PostgreSQL's LIKE is not);
            // % and _ in the text are escaped, so they match themselves.
            var pattern = "%" + text.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            reviews = reviews.Where(r => EF.Functions.Like(r.Title.ToLower(), pattern, "\\")
                || EF.Functions.Like(r.Content.ToLower(), pattern, "\\")
                || EF.Functions.Like(r.Author.ToLower(), pattern, "\\"));
        }
        return reviews;
    }

    private static bool? YesOrNo(string? value) => value switch { "yes" => true, "no" => false, _ => null };

    private static string? Word(bool? value) => value switch { true => "yes", false => "no", null => null };

    private static string? Clean(string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length > maxLength ? trimmed[..maxLength] : trimmed;
    }
}
