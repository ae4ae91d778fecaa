using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Storefront;

/// <summary>A shopper's review from the widget.</summary>
/// <param name="ReviewToken">A signed per-order review link's token, the only way a storefront review becomes a verified purchase.</param>
/// <param name="Website">A field people never see: only bots fill it.</param>
public sealed partial record SubmitReviewRequest(
    [property: Id, Description("The reviewed product; omit (or 0) for a store review.")] string? ProductId,
    [property: Required, Range(1, 5)] int? Rating,
    [property: Required, MaxLength(100)] string Author,
    [property: Required, MaxLength(254)] string AuthorEmail,
    [property: MaxLength(200)] string? Title,
    [property: Required, MaxLength(5000)] string Content,
    [property: MaxLength(10), Description("URLs of photos or videos uploaded with the shop's upload permissions.")] IReadOnlyList<string>? Media,
    [property: MaxLength(2048)] string? ReviewToken,
    [property: MaxLength(2048), Description("The honeypot: leave it empty and hidden.")] string? Website)
    : IJsonBody<SubmitReviewRequest>, IValidatedInput
{
    public string Email => AuthorEmail.Trim().ToLowerInvariant();

    public FieldProblem? Validate()
    {
        if (!EmailPattern().IsMatch(Email))
        {
            return new FieldProblem("author_email", "must be an email address");
        }
        foreach (var (url, index) in (Media ?? []).Select((url, index) => (url, index)))
        {
            if (url is null || url.Length > 2048 || !HttpUrlAttribute.IsHttpUrl(url))
            {
                return new FieldProblem($"media[{index}]", "must be a URL");
            }
        }
        return null;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
