using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using Plaudit.Server.Emails;
using Plaudit.Server.Hosting;
using Plaudit.Server.Media;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Storage;
using Plaudit.Server.Storefront;

namespace Plaudit.Server.ReviewForm;

/// <summary>
/// The page an email's review link opens (<c>/review/{token}</c>), its POST (antiforgery-checked,
/// rate-limited per client like storefront submissions), the photo upload permission the page's
/// script asks for (the shop's ordinary image upload policy and video upload URL, granted by the link), and the page's
/// static script and stylesheets.
/// </summary>
public static class ReviewFormEndpoints
{
    public const string Path = "/review/";

    public static IEndpointRouteBuilder MapReviewFormEndpoints(this IEndpointRouteBuilder app)
    {
        var form = app.MapGroup("").ExcludeFromDescription();
        // Each view from an email is a CLICK_EMAIL event that fires a webhook: limited like the email's other links.
        form.MapGet(Path + "{token}", ShowAsync).RequireRateLimiting(EmailEndpoints.LinkLimit);
        form.MapPost(Path + "{token}", SubmitAsync).RequireRateLimiting(StorefrontEndpoints.SubmitLimit).DisableAntiforgery();
        form.MapGet(Path + "{token}/upload-policy", UploadPolicyAsync).RequireRateLimiting(EmailEndpoints.LinkLimit);
        form.MapGet(Path + "{token}/video-upload", VideoUploadAsync).RequireRateLimiting(StorefrontWidgetEndpoints.UploadLimit);
        form.MapGet(ReviewFormPage.AssetsPath + "form.css", () => Asset(ReviewFormAssets.Stylesheet, "text/css"));
        form.MapGet(ReviewFormPage.AssetsPath + "form.js", () => Asset(ReviewFormAssets.Script, "text/javascript"));
        form.MapGet(ReviewFormPage.AssetsPath + "theme/{color}.css", (string color) =>
            ShopColor.IsValid("#" + color) ? (IResult)Asset(ReviewFormAssets.Theme("#" + color), "text/css") : Results.NotFound());
        return app;
    }

    private static async Task<IResult> ShowAsync(HttpContext http, string token, PlauditDbContext db, EmailLinks links, IAntiforgery antiforgery,
        IMediaStore media, EmailTracking tracking, CancellationToken cancellationToken)
    {
        if (await ReviewFormContext.LoadAsync(db, links, token, cancellationToken) is not { } form)
        {
            return ReviewFormPage.Invalid(http);
        }
        // Following a link from the email is a click (and opens the order, as the pixel would).
        if (http.Request.Query["from"] == "email" && links.Read(token, EmailLinkPurpose.ReviewForm) is { } link)
        {
            await tracking.RecordAsync(link, EmailTracking.Clicked, "", "", cancellationToken);
        }
        var tokens = antiforgery.GetAndStoreTokens(http);
        return ReviewFormPage.Render(http, form, tokens.FormFieldName, tokens.RequestToken!, UploadOrigin(http, media, form));
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, string token, PlauditDbContext db, EmailLinks links, IAntiforgery antiforgery,
        IMediaStore media, MediaUrlRules mediaRules, ReviewFormSubmission submission, CancellationToken cancellationToken)
    {
        if (await ReviewFormContext.LoadAsync(db, links, token, cancellationToken) is not { } form)
        {
            return ReviewFormPage.Invalid(http);
        }
        IFormCollection fields;
        try
        {
            if (!http.Request.HasFormContentType)
            {
                return Refuse(http, antiforgery, media, form, null, null, "Send the form from the review page.");
            }
            fields = await http.Request.ReadFormAsync(cancellationToken);
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Refuse(http, antiforgery, media, form, null, null, "The page expired; please submit your review again.");
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or AntiforgeryValidationException or BadHttpRequestException or IOException)
        {
            return Refuse(http, antiforgery, media, form, null, null, "The form could not be read; please submit your review again.");
        }
        var input = ReviewFormInput.Read(fields, form.Shop.Id, mediaRules, PublicUrl.Of(http));
        if (form.Product(input.ProductId) is not { } product)
        {
            return Refuse(http, antiforgery, media, form, null, null, "That product is not part of this order.");
        }
        if (product.Submitted)
        {
            return SeeForm(token, product);
        }
        if (input.Problem is { } problem)
        {
            return Refuse(http, antiforgery, media, form, product, input, problem);
        }
        await submission.SubmitAsync(form, product, input, cancellationToken);
        // Either way (saved now, or by a double submit a moment ago) the page shows the product's review.
        return SeeForm(token, product);
    }

    private static async Task<IResult> UploadPolicyAsync(HttpContext http, string token, PlauditDbContext db, EmailLinks links, IMediaStore media, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (await ReviewFormContext.LoadAsync(db, links, token, cancellationToken) is not { } form || form.Products.All(p => p.Submitted))
        {
            return Results.NotFound();
        }
        var contentType = http.Request.Query["content_type"].ToString();
        if (!MediaSniffer.ImageTypes.Contains(contentType))
        {
            contentType = "image/jpeg";
        }
        return Results.Json(media.CreateImageUpload(form.Shop.Id, contentType, PublicUrl.Of(http)), OpenApiJson.Options);
    }

    /// <summary>
    /// A pre-signed PUT for one video, as <c>get_video_upload_url</c> gives the shop: the link is the
    /// authority, the size is bounded by <c>Media:MaxVideoBytes</c> (and bound into the URL), the type is
    /// read from the bytes. Plain status codes: only the page's script calls it.
    /// </summary>
    private static async Task<IResult> VideoUploadAsync(
        HttpContext http, string token, PlauditDbContext db, EmailLinks links, IMediaStore media, IOptions<MediaOptions> options, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (await ReviewFormContext.LoadAsync(db, links, token, cancellationToken) is not { } form || form.Products.All(p => p.Submitted))
        {
            return Results.NotFound();
        }
        var fileName = http.Request.Query["file_name"].ToString();
        if (!long.TryParse(http.Request.Query["file_size"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size)
            || size < 1 || size > options.Value.MaxVideoBytes || fileName.Length > 255)
        {
            return StorefrontErrors.Json(StatusCodes.Status400BadRequest, "invalid_argument",
                $"file_size must be the video's size in bytes, 1 to {options.Value.MaxVideoBytes}, and file_name at most 255 characters.");
        }
        var video = new VideoUpload(fileName, size, MediaKeys.VideoContentType(fileName));
        return Results.Json(media.CreateVideoUpload(form.Shop.Id, video, PublicUrl.Of(http)), OpenApiJson.Options);
    }

    private static SeeOther SeeForm(string token, FormProduct product) => new($"{Path}{token}#product-{Uri.EscapeDataString(product.Id)}");

    private static IResult Refuse(HttpContext http, IAntiforgery antiforgery, IMediaStore media, ReviewFormContext form, FormProduct? product, ReviewFormInput? input, string problem)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var outcome = new ReviewFormOutcome(product?.Id ?? form.Products.FirstOrDefault(p => !p.Submitted)?.Id ?? "", input, problem);
        return ReviewFormPage.Render(http, form, tokens.FormFieldName, tokens.RequestToken!, UploadOrigin(http, media, form), outcome, StatusCodes.Status400BadRequest);
    }

    /// <summary>Where the page's script uploads photos (Plaudit itself, or the S3 store's origin), for the page's connect-src.</summary>
    private static string UploadOrigin(HttpContext http, IMediaStore media, ReviewFormContext form) =>
        new Uri(media.CreateImageUpload(form.Shop.Id, "image/jpeg", PublicUrl.Of(http)).Host).GetLeftPart(UriPartial.Authority);

    private static StaticAsset Asset(string content, string contentType) => new(content, contentType);

    /// <summary>A 303 after a POST: the browser GETs the page (reloading it does not post again).</summary>
    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }

    private sealed class StaticAsset(string content, string contentType) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = contentType + "; charset=utf-8";
            httpContext.Response.Headers.CacheControl = "public, max-age=3600";
            httpContext.Response.Headers.XContentTypeOptions = "nosniff";
            await httpContext.Response.WriteAsync(content);
        }
    }
}
