using System.Globalization;
using System.Text;
using Plaudit.Server.Hosting;

namespace Plaudit.Server.Emails;

/// <summary>
/// The links in a review-request email that are not the review form: the open pixel, and unsubscribe
/// (a page with a button for people, and RFC 8058's one-click POST for mail providers, which carries
/// no cookie and needs none: the signed token is the authority, and unsubscribing twice is harmless),
/// and the confirmation of a storefront review (<see cref="ReviewConfirmations"/>): a page showing each
/// review the link names with its own button, whose POST verifies that review alone; the token is the
/// authority there too, and confirming twice is harmless.
/// Every one is rate-limited per client address.
/// </summary>
public static class EmailEndpoints
{
    public const string OpenLimit = "email-opens";
    public const string LinkLimit = "email-links";

    // The smallest transparent GIF.
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public static IEndpointRouteBuilder MapEmailEndpoints(this IEndpointRouteBuilder app)
    {
        var emails = app.MapGroup("/emails").ExcludeFromDescription();
        emails.MapGet("/open/{token}", OpenAsync).RequireRateLimiting(OpenLimit);
        emails.MapGet("/unsubscribe/{token}", UnsubscribePage).RequireRateLimiting(LinkLimit);
        emails.MapPost("/unsubscribe/{token}", UnsubscribeAsync).RequireRateLimiting(LinkLimit).DisableAntiforgery();
        // GET only shows a button: mail scanners that prefetch links must not confirm for the reader.
        emails.MapGet("/confirm/{token}", ConfirmPageAsync).RequireRateLimiting(LinkLimit);
        emails.MapPost("/confirm/{token}", ConfirmAsync).RequireRateLimiting(LinkLimit).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> OpenAsync(HttpContext http, string token, EmailLinks links, EmailTracking tracking, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store, private";
        // A bad or expired token still gets the image: a broken picture in someone's mail helps nobody.
        if (links.ReadTracking(token.EndsWith(".gif", StringComparison.Ordinal) ? token[..^4] : token, EmailLinkPurpose.Open) is { } link)
        {
            await tracking.RecordAsync(link, EmailTracking.Opened, "", "", cancellationToken);
        }
        return Results.Bytes(Pixel, "image/gif");
    }

    private static IResult UnsubscribePage(HttpContext http, string token, EmailLinks links)
    {
        if (links.ReadTracking(token, EmailLinkPurpose.Unsubscribe) is null)
        {
            return InvalidLink(http);
        }
        var action = HtmlPage.Encode(EmailLinks.UnsubscribePath + token);
        return HtmlPage.Render(http, "Unsubscribe", $"""
            <h1>Stop review requests?</h1>
            <p>You will no longer get emails asking you to review your orders from this shop.</p>
            <form method="post" action="{action}"><button type="submit" id="unsubscribe">Unsubscribe</button></form>
            """);
    }

    private static async Task<IResult> UnsubscribeAsync(HttpContext http, string token, EmailLinks links, EmailTracking tracking, CancellationToken cancellationToken)
    {
        if (links.ReadTracking(token, EmailLinkPurpose.Unsubscribe) is not { } link)
        {
            return InvalidLink(http);
        }
        await tracking.UnsubscribeAsync(link, cancellationToken);
        return HtmlPage.Render(http, "Unsubscribed", "<h1>You are unsubscribed</h1><p>This shop will not send you review requests again.</p>");
    }

    private static async Task<IResult> ConfirmPageAsync(HttpContext http, string token, EmailLinks links, ReviewConfirmations confirmations, CancellationToken cancellationToken)
    {
        if (links.Read(token, EmailLinkPurpose.ConfirmReview) is not { } link || await confirmations.NamedAsync(link, cancellationToken) is not (var order, var reviews))
        {
            return InvalidLink(http);
        }
        // Each review with its own words and its own button: the person confirms only what they recognise.
        var action = HtmlPage.Encode(EmailLinks.ConfirmPath + token);
        var items = new StringBuilder();
        foreach (var review in reviews)
        {
            var id = review.Id.ToString(CultureInfo.InvariantCulture);
            items.Append(CultureInfo.InvariantCulture, $"""
                <li><strong>{HtmlPage.Encode(PendingReviewText.ProductTitle(review, order))}</strong>
                <blockquote>{HtmlPage.Encode(PendingReviewText.Excerpt(review))}</blockquote>
                <form method="post" action="{action}"><input type="hidden" name="review" value="{id}"><button type="submit" id="confirm-{id}">I wrote this: confirm it</button></form></li>
                """);
        }
        return HtmlPage.Render(http, "Confirm your review", $"""
            <h1>Confirm your review?</h1>
            <p>Confirming shows that you wrote it with this email address, and marks it as a verified purchase.
            Confirm only a review you wrote: one you did not stays unconfirmed.</p>
            <ul class="reviews">{items}</ul>
            """);
    }

    private static async Task<IResult> ConfirmAsync(HttpContext http, string token, EmailLinks links, ReviewConfirmations confirmations, CancellationToken cancellationToken)
    {
        // The page's form names the review; a link naming one review needs no form (a one-click POST).
        long? reviewId = null;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(cancellationToken);
            if (form.TryGetValue("review", out var value))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    return InvalidLink(http);
                }
                reviewId = parsed;
            }
        }
        if (links.Read(token, EmailLinkPurpose.ConfirmReview) is not { } link || !await confirmations.ConfirmAsync(link, reviewId, cancellationToken))
        {
            return InvalidLink(http);
        }
        return HtmlPage.Render(http, "Review confirmed", "<h1>Thank you</h1><p>Your review is confirmed as a verified purchase.</p>");
    }

    private static IResult InvalidLink(HttpContext http) => HtmlPage.Render(http, "Link not valid",
        "<h1>This link is not valid</h1><p>It may have expired. Reply to the shop's email if you need help.</p>", StatusCodes.Status404NotFound);
}
