using System.Globalization;
using System.Text;
using Plaudit.Server.Hosting;

namespace Plaudit.Server.ReviewForm;

/// <summary>
/// The hosted review page, rendered on the server: one section per product of the order, each either
/// the buyer's submitted review or a form (stars as a radio group, name, title, text, photos). Works
/// without script; <c>form.js</c> adds photo uploads with previews. No inline script or style, so the
/// page runs under a strict Content-Security-Policy; the shop's colour comes from a stylesheet of its own.
/// </summary>
public static class ReviewFormPage
{
    public const string AssetsPath = "/review-form/";

    public static IResult Render(HttpContext http, ReviewFormContext form, string antiforgeryField, string antiforgeryToken, string uploadOrigin,
        ReviewFormOutcome? outcome = null, int statusCode = StatusCodes.Status200OK)
    {
        var preselected = int.TryParse(http.Request.Query["rating"], NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r is >= 1 and <= 5 ? r : (int?)null;
        var preselectedProduct = http.Request.Query["product"].ToString();
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <header><p class="shop">{E(form.Shop.Name)}</p><h1>How was your order{(form.Order.OrderNumber.Length > 0 ? " #" + E(form.Order.OrderNumber) : "")}?</h1>
            <p class="muted">Your review helps other shoppers. It is marked as a verified purchase.</p></header>
            """);
        foreach (var product in form.Products)
        {
            var mine = outcome?.ProductId == product.Id ? outcome : null;
            body.Append(CultureInfo.InvariantCulture, $"""<section class="product" id="product-{E(product.Id)}" aria-labelledby="title-{E(product.Id)}">""");
            body.Append(product.Image.Length > 0 ? $"""<img class="thumb" src="{E(product.Image)}" alt="" width="72" height="72">""" : "");
            body.Append(CultureInfo.InvariantCulture, $"""<h2 id="title-{E(product.Id)}">{E(product.Title)}</h2>""");
            if (product.Submitted)
            {
                body.Append(Submitted(product));
            }
            else
            {
                var rating = mine?.Input?.Rating ?? (preselectedProduct == product.Id || form.Products.Count == 1 ? preselected : null);
                body.Append(Form(form, product, rating, mine, antiforgeryField, antiforgeryToken));
            }
            body.Append("</section>");
        }
        body.Append(CultureInfo.InvariantCulture, $"""<footer class="muted">Sent for {E(form.Shop.Name)} by Plaudit.</footer>""");
        return Page(http, form.Shop.Name, body.ToString(), form.Settings.AccentColor, uploadOrigin, statusCode);
    }

    /// <summary>The page for a link that is not (or no longer) valid: nothing about why, nor whose it was.</summary>
    public static IResult Invalid(HttpContext http) => Page(http, "Review link", """
        <h1>This review link is not valid</h1>
        <p>It may have expired or been mistyped. If you received it by email, open it from that email again, or reply to the shop.</p>
        """, Emails.EmailSettings.DefaultAccentColor, "", StatusCodes.Status404NotFound);

    private static string Submitted(FormProduct product)
    {
        if (product.Review is not { } review)
        {
            return """<p class="done" role="status">Thank you! Your review is being saved.</p>""";
        }
        var state = review.IsPublished ? "It is published." : "It will appear once the shop has approved it.";
        return $"""
            <div class="done" role="status"><p><strong>Thank you for your review!</strong> {state}</p>
            <p class="given-stars" aria-label="{review.Rating} out of 5 stars">{new string('★', review.Rating)}{new string('☆', 5 - review.Rating)}</p>
            {(review.Title.Length > 0 ? $"<p><strong>{E(review.Title)}</strong></p>" : "")}<p class="content">{E(review.Content)}</p></div>
            """;
    }

    private static string Form(ReviewFormContext form, FormProduct product, int? rating, ReviewFormOutcome? outcome, string antiforgeryField, string antiforgeryToken)
    {
        var id = "p" + Convert.ToHexStringLower(Encoding.UTF8.GetBytes(product.Id))[..Math.Min(16, product.Id.Length * 2)];
        var stars = string.Concat(Enumerable.Range(1, 5).Select(n => $"""
            <input type="radio" id="{id}-r{n}" name="rating" value="{n}" required{(rating == n ? " checked" : "")}><label for="{id}-r{n}"><span aria-hidden="true">★</span><span class="visually-hidden">{n} star{(n == 1 ? "" : "s")}</span></label>
            """));
        var error = outcome?.Problem is { } problem ? $"""<p class="error" role="alert" id="{id}-error">{E(problem)}</p>""" : "";
        var input = outcome?.Input;
        var media = string.Concat((input?.Media ?? []).Select(url => $"""<input type="hidden" name="media" value="{E(url)}">"""));
        return $"""
            {error}
            <form method="post" action="{E(ReviewFormEndpoints.Path + form.Token)}#product-{E(product.Id)}" class="review" data-upload-policy="{E(ReviewFormEndpoints.Path + form.Token + "/upload-policy")}" data-video-upload="{E(ReviewFormEndpoints.Path + form.Token + "/video-upload")}">
            <input type="hidden" name="{E(antiforgeryField)}" value="{E(antiforgeryToken)}">
            <input type="hidden" name="product" value="{E(product.Id)}">
            <fieldset class="stars"><legend>Your rating <span class="muted">(required)</span></legend><div class="star-row">{stars}</div></fieldset>
            <label for="{id}-author">Your name</label>
            <input type="text" id="{id}-author" name="author" maxlength="100" required autocomplete="name" value="{E(input?.Author ?? form.Order.CustomerName)}">
            <label for="{id}-title">Title <span class="muted">(optional)</span></label>
            <input type="text" id="{id}-title" name="title" maxlength="200" value="{E(input?.Title)}">
            <label for="{id}-content">Your review</label>
            <textarea id="{id}-content" name="content" rows="5" maxlength="5000" required>{E(input?.Content)}</textarea>
            <div class="photos" hidden>
            <label for="{id}-photos">Photos <span class="muted">(up to {ReviewFormInput.MaxMedia})</span></label>
            <input type="file" id="{id}-photos" accept="image/jpeg,image/png,image/gif,image/webp" multiple>
            <label for="{id}-video">Video <span class="muted">(one; MP4, MOV or WebM)</span></label>
            <input type="file" id="{id}-video" accept="video/mp4,video/quicktime,video/webm">
            <ul class="previews" aria-live="polite"></ul>
            <p class="upload-status muted" role="status"></p>
            </div>
            {media}
            <button type="submit">Submit review</button>
            </form>
            """;
    }

    private static IResult Page(HttpContext http, string title, string body, string accent, string uploadOrigin, int statusCode)
    {
        var headers = http.Response.Headers;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        // The token is in the URL: no Referer may carry it to a product image's host.
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        headers.ContentSecurityPolicy = $"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data: blob:; media-src blob:; " +
            $"connect-src 'self'{(uploadOrigin.Length > 0 ? " " + uploadOrigin : "")}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)} · Write a review</title>
            <link rel="stylesheet" href="{AssetsPath}form.css">
            <link rel="stylesheet" href="{AssetsPath}theme/{accent.TrimStart('#')}.css">
            <script src="{AssetsPath}form.js" defer></script>
            </head>
            <body><main>
            {body}
            </main></body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }

    private static string E(string? value) => HtmlPage.Encode(value);
}
