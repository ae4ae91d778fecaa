using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Hosting;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Merchants;

/// <summary>
/// The merchant's sign-in pages: email and password or a one-time link, and sign out. Forms carry
/// antiforgery tokens. After sign-in the merchant lands on the dashboard (<c>Dashboard/</c>) at <see cref="HomePath"/>.
/// </summary>
public static class MerchantPages
{
    public const string HomePath = "/merchant";
    public const string SignInPath = "/merchant/sign-in";
    public const string LinkPath = "/merchant/sign-in/link";
    public const string SignOutPath = "/merchant/sign-out";

    /// <summary>The rate limit on sign-in attempts (<c>Merchants:SignInAttemptsPerMinute</c> per client address; IPv6 per /64).</summary>
    public const string SignInLimit = "merchant-sign-in";

    public static IEndpointRouteBuilder MapMerchantPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").ExcludeFromDescription();
        pages.MapGet(SignInPath, (HttpContext http, IAntiforgery antiforgery, string? return_url) =>
            SignInForm(http, antiforgery, return_url, null, StatusCodes.Status200OK));
        pages.MapPost(SignInPath, SignInAsync).RequireRateLimiting(SignInLimit);
        pages.MapGet(LinkPath, (HttpContext http, IAntiforgery antiforgery, string? token, string? return_url) => LinkForm(http, antiforgery, token, return_url));
        pages.MapPost(LinkPath, SignInWithLinkAsync).RequireRateLimiting(SignInLimit);
        pages.MapPost(SignOutPath, SignOutAsync);
        return app;
    }

    private static IResult SignInForm(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error, int statusCode)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var body = $"""
            <h1>Sign in to Plaudit</h1>
            {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{HtmlPage.Encode(error)}</p>")}
            <form method="post" action="{SignInPath}">
              <input type="hidden" name="{HtmlPage.Encode(tokens.FormFieldName)}" value="{HtmlPage.Encode(tokens.RequestToken)}">
              <input type="hidden" name="return_url" value="{HtmlPage.Encode(LocalReturnUrl.Or(returnUrl, HomePath))}">
              <label for="email">Email</label>
              <input id="email" name="email" type="email" autocomplete="username" required autofocus>
              <label for="password">Password</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required>
              <button type="submit">Sign in</button>
            </form>
            <p class="muted">No password? Ask your Plaudit operator for a sign-in link (<code>plaudit merchants create</code>).</p>
            """;
        return HtmlPage.Render(http, "Sign in", body, statusCode);
    }

    private static async Task<IResult> SignInAsync(HttpContext http, IAntiforgery antiforgery, MerchantAccounts accounts)
    {
        if (!await IsGenuineFormAsync(http, antiforgery))
        {
            return SignInForm(http, antiforgery, null, "Your session expired; please try again.", StatusCodes.Status400BadRequest);
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = LocalReturnUrl.Or(form["return_url"], HomePath);
        var signIn = await accounts.VerifyPasswordAsync(form["email"].ToString(), form["password"].ToString(), http.RequestAborted);
        if (signIn.Throttled)
        {
            http.Response.Headers.RetryAfter = "3600";
            return SignInForm(http, antiforgery, returnUrl, "Too many sign-in attempts for this account. Try again in an hour, or ask your Plaudit operator for a sign-in link.", StatusCodes.Status429TooManyRequests);
        }
        if (signIn.Merchant is not { } merchant)
        {
            return SignInForm(http, antiforgery, returnUrl, "The email or password is not right.", StatusCodes.Status401Unauthorized);
        }
        await MerchantAuth.SignInAsync(http, merchant, returnUrl);
        return Results.Redirect(returnUrl);
    }

    /// <summary>A link opens a page with a button: mail scanners that prefetch links do not use them up.</summary>
    private static IResult LinkForm(HttpContext http, IAntiforgery antiforgery, string? token, string? returnUrl)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var body = $"""
            <h1>Sign in to Plaudit</h1>
            <p>Continue to sign in with your one-time link.</p>
            <form method="post" action="{LinkPath}">
              <input type="hidden" name="{HtmlPage.Encode(tokens.FormFieldName)}" value="{HtmlPage.Encode(tokens.RequestToken)}">
              <input type="hidden" name="token" value="{HtmlPage.Encode(token)}">
              <input type="hidden" name="return_url" value="{HtmlPage.Encode(LocalReturnUrl.Or(returnUrl, HomePath))}">
              <button type="submit">Continue</button>
            </form>
            """;
        return HtmlPage.Render(http, "Sign in", body);
    }

    private static async Task<IResult> SignInWithLinkAsync(HttpContext http, IAntiforgery antiforgery, MerchantAccounts accounts)
    {
        if (!await IsGenuineFormAsync(http, antiforgery))
        {
            return SignInForm(http, antiforgery, null, "Your session expired; please open the link again.", StatusCodes.Status400BadRequest);
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var merchant = await accounts.ConsumeLinkAsync(form["token"].ToString(), http.RequestAborted);
        if (merchant is null)
        {
            return SignInForm(http, antiforgery, null, "This sign-in link is not valid: it was used already, or it expired.", StatusCodes.Status401Unauthorized);
        }
        var returnUrl = LocalReturnUrl.Or(form["return_url"], HomePath);
        await MerchantAuth.SignInAsync(http, merchant, returnUrl);
        return Results.Redirect(returnUrl);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery, PlauditDbContext db)
    {
        // The page's token was issued to the signed-in merchant: without the session's user here, it never validated.
        if (await http.AuthenticateAsync(MerchantAuth.Scheme) is { Succeeded: true, Principal: { } merchant })
        {
            http.User = merchant;
        }
        if (await IsGenuineFormAsync(http, antiforgery))
        {
            // Every session, not only this cookie: a copy of it (or a session left open elsewhere) ends too.
            if (MerchantAuth.SessionOf(http.User) is { } session)
            {
                await MerchantSessions.EndAllAsync(db, session.MerchantId, http.RequestAborted);
            }
            await http.SignOutAsync(MerchantAuth.Scheme);
        }
        return Results.Redirect(SignInPath);
    }

    /// <summary>The form came from our page (its antiforgery token matches the cookie); a form that cannot even be read (a NUL in a field) is not genuine either.</summary>
    private static async Task<bool> IsGenuineFormAsync(HttpContext http, IAntiforgery antiforgery)
    {
        try
        {
            return await antiforgery.IsRequestValidAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }
}
