using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using OpenIddict.Abstractions;
using Plaudit.Server.Hosting;

namespace Plaudit.Server.OAuth;

/// <summary>The consent form: it posts the authorization request back with the merchant's decision.</summary>
public static class ConsentPage
{
    public static IResult Render(HttpContext http, IAntiforgery antiforgery, string platformName, string shopName, string email,
        IReadOnlyList<string> scopes, OpenIddictRequest request)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var hidden = new StringBuilder();
        foreach (var (name, value) in request.GetParameters())
        {
            var text = name == OpenIddictConstants.Parameters.Scope ? string.Join(' ', scopes) : value.ToString();
            hidden.Append($"<input type=\"hidden\" name=\"{HtmlPage.Encode(name)}\" value=\"{HtmlPage.Encode(text)}\">\n");
        }
        var scopeItems = string.Concat(scopes.Select(s => $"<li>{HtmlPage.Encode(ScopeDescriptions.For(s))} <span class=\"muted\">({HtmlPage.Encode(s)})</span></li>"));
        var body = $"""
            <h1><span id="platform-name">{HtmlPage.Encode(platformName)}</span> wants to access {HtmlPage.Encode(shopName)}</h1>
            <p>If you allow it, {HtmlPage.Encode(platformName)} will be able to:</p>
            <ul class="scopes">{scopeItems}</ul>
            <p class="muted">Signed in as {HtmlPage.Encode(email)}. You can revoke this access at any time.</p>
            <form method="post" action="{OAuthPaths.Authorize}">
              <input type="hidden" name="{HtmlPage.Encode(tokens.FormFieldName)}" value="{HtmlPage.Encode(tokens.RequestToken)}">
              {hidden}
              <div class="actions">
                <button type="submit" name="decision" value="allow" id="allow">Allow</button>
                <button type="submit" name="decision" value="deny" id="deny" class="secondary">Deny</button>
              </div>
            </form>
            """;
        return HtmlPage.Render(http, "Authorize " + platformName, body);
    }
}
