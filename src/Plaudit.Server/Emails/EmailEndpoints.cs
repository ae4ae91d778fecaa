using Plaudit.Server.Hosting;

namespace Plaudit.Server.Emails;

/// <summary>
/// The links in a review-request email that are not the review form: the open pixel, and unsubscribe
/// (a page with a button for people, and RFC 8058's one-click POST for mail providers, which carries
/// no cookie and needs none: the signed token is the authority, and unsubscribing twice is harmless),
/// and the confirmation of a storefront review (<see cref="ReviewConfirmations"/>): a page with a
/// button, whose POST verifies; the token is the authority there too, and confirming twice is harmless.
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
        emails.MapGet("/confirm/{token}", ConfirmPage).RequireRateLimiting(LinkLimit);
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

    private static IResult ConfirmPage(HttpContext http, string token, EmailLinks links)
    {
        if (links.Read(token, EmailLinkPurpose.ConfirmReview) is null)
        {
            return InvalidLink(http);
        }
        var action = HtmlPage.Encode(EmailLinks.ConfirmPath + token);
        return HtmlPage.Render(http, "Confirm your review", $"""
            <h1>Confirm your review?</h1>
            <p>Confirming shows that you wrote it with this email address, and marks it as a verified purchase.</p>
            <form method="post" action="{action}"><button type="submit" id="confirm">Confirm my review</button></form>
            """);
    }

    private static async Task<IResult> ConfirmAsync(HttpContext http, string token, EmailLinks links, ReviewConfirmations confirmations, CancellationToken cancellationToken)
    {
        if (links.Read(token, EmailLinkPurpose.ConfirmReview) is not { } link || !await confirmations.ConfirmAsync(link, cancellationToken))
        {
            return InvalidLink(http);
        }
        return HtmlPage.Render(http, "Review confirmed", "<h1>Thank you</h1><p>Your review is confirmed as a verified purchase.</p>");
    }

    private static IResult InvalidLink(HttpContext http) => HtmlPage.Render(http, "Link not valid",
        "<h1>This link is not valid</h1><p>It may have expired. Reply to the shop's email if you need help.</p>", StatusCodes.Status404NotFound);
}
