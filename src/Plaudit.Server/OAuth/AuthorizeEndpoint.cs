using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Plaudit.Server.Hosting;
using Plaudit.Server.Merchants;
using Plaudit.Server.Platforms;
using Plaudit.Server.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Plaudit.Server.OAuth;

/// <summary>
/// <c>oauth/authorize</c>, the merchant-facing page. OpenIddict has already checked the client,
/// the exact redirect_uri, the scopes and PKCE. An invalid request goes back to the platform with
/// <c>error</c> only when its client and redirect_uri are registered; otherwise (bad client or
/// redirect_uri) it gets an error page and never a redirect. Otherwise the
/// merchant signs in if needed, sees the platform and the scopes in plain words, and allows (a code
/// is issued and the grant recorded) or denies (<c>error=access_denied</c>).
/// </summary>
public static class AuthorizeEndpoint
{
    public static IEndpointRouteBuilder MapAuthorizeEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapMethods(OAuthPaths.Authorize, ["GET", "POST"], AuthorizeAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> AuthorizeAsync(
        HttpContext http, IAntiforgery antiforgery, PlauditDbContext db, PlatformGrants grants, IOpenIddictApplicationManager applications)
    {
        var request = http.GetOpenIddictServerRequest();
        if (http.GetOpenIddictServerResponse() is { Error: { } error } response)
        {
            // RFC 6749 4.1.2.1: tell the platform, but only at a redirect_uri registered for its client.
            return await TrustedRedirectUriAsync(request, applications, http.RequestAborted) is { } redirectUri
                ? Results.Redirect(QueryHelpers.AddQueryString(redirectUri, ErrorParameters(error, response.ErrorDescription, request?.State)))
                : ErrorPage(http, error, response.ErrorDescription);
        }
        if (request?.ClientId is null)
        {
            return ErrorPage(http, Errors.InvalidRequest, "This is not an OAuth authorization request.");
        }

        if (await MerchantAuth.SessionAsync(http) is not { } session)
        {
            var back = OAuthPaths.Authorize + QueryString.Create(request.GetParameters()
                .Where(p => p.Key is not ("decision" or "__RequestVerificationToken"))
                .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString())));
            return Results.Redirect($"{MerchantPages.SignInPath}?return_url={Uri.EscapeDataString(back)}");
        }

        var platform = await db.Platforms.AsNoTracking().SingleOrDefaultAsync(p => p.ClientId == request.ClientId, http.RequestAborted);
        if (platform is null)
        {
            return ErrorPage(http, Errors.InvalidClient, "This platform is not registered with Plaudit.");
        }
        var shop = await db.Shops.AsNoTracking().SingleAsync(s => s.Id == session.ShopId, http.RequestAborted);
        var scopes = request.GetScopes().IsEmpty ? ScopeDescriptions.Parse(platform.Scopes) : [.. request.GetScopes()];

        if (HttpMethods.IsGet(http.Request.Method))
        {
            return ConsentPage.Render(http, antiforgery, platform.Name, shop.Name, session.Email, scopes, request);
        }
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return ErrorPage(http, Errors.InvalidRequest, "The consent form expired; go back to the platform and start again.");
        }
        if (!string.Equals(http.Request.Form["decision"], "allow", StringComparison.Ordinal))
        {
            return Results.Forbid(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The merchant denied the authorization.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var grant = await grants.AuthorizeAsync(session.ShopId, platform.ClientId, scopes, http.RequestAborted);
        var principal = PlauditClaims.ForGrant(session.ShopId, platform.ClientId, grant.Generation, scopes);
        return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// Shopify-style <c>scope=read_reviews,write_reviews</c> becomes the RFC's space-separated list
    /// before OpenIddict reads the request.
    /// </summary>
    public static Task AcceptCommaSeparatedScopes(HttpContext http, Func<Task> next)
    {
        var request = http.Request;
        if (request.Path.Equals(OAuthPaths.Authorize, StringComparison.OrdinalIgnoreCase)
            && request.Query.TryGetValue(Parameters.Scope, out var scope) && scope.ToString().Contains(',', StringComparison.Ordinal))
        {
            var rewritten = request.Query.Select(p => KeyValuePair.Create(p.Key,
                (string?)(p.Key == Parameters.Scope ? string.Join(' ', ScopeDescriptions.Parse(p.Value.ToString())) : p.Value.ToString())));
            request.QueryString = QueryString.Create(rewritten);
        }
        return next();
    }

    private static async Task<string?> TrustedRedirectUriAsync(OpenIddictRequest? request, IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        if (request is not { ClientId: { } clientId, RedirectUri: { } redirectUri }
            || await applications.FindByClientIdAsync(clientId, cancellationToken) is not { } application)
        {
            return null;
        }
        return (await applications.GetRedirectUrisAsync(application, cancellationToken)).Contains(redirectUri, StringComparer.Ordinal) ? redirectUri : null;
    }

    private static Dictionary<string, string?> ErrorParameters(string error, string? description, string? state)
    {
        var parameters = new Dictionary<string, string?> { [Parameters.Error] = error };
        if (description is not null)
        {
            parameters[Parameters.ErrorDescription] = description;
        }
        if (state is not null)
        {
            parameters[Parameters.State] = state;
        }
        return parameters;
    }

    private static IResult ErrorPage(HttpContext http, string error, string? description)
    {
        var body = $"""
            <h1>This authorization link is not valid</h1>
            <p class="error" role="alert">{HtmlPage.Encode(description ?? error)}</p>
            <p class="muted">Error code: <code>{HtmlPage.Encode(error)}</code>. Nothing was shared. Go back to the platform and ask it for a new link.</p>
            """;
        return HtmlPage.Render(http, "Authorization error", body, StatusCodes.Status400BadRequest);
    }
}
