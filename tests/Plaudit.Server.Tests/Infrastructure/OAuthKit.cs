using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Plaudit.Client;
using Plaudit.Server.Merchants;
using Plaudit.Server.Platforms;

namespace Plaudit.Server.Tests.Infrastructure;

public sealed record TestPlatform(string ClientId, string ClientSecret, string Name, string RedirectUri, bool IsPublic);

public sealed record TestMerchant(string Email, string Password, TestShop Shop);

/// <summary>Tokens as the token endpoint returned them (RFC 6749 section 5.1), plus Plaudit's shop_id.</summary>
public sealed record TokenSet(string AccessToken, string RefreshToken, int ExpiresIn, string Scope, long ShopId)
{
    public static TokenSet From(JsonElement json) => new(
        json.GetProperty("access_token").GetString()!,
        json.GetProperty("refresh_token").GetString()!,
        json.GetProperty("expires_in").GetInt32(),
        json.GetProperty("scope").GetString()!,
        json.GetProperty("shop_id").GetInt64());
}

/// <summary>Drives the OAuth flow the way a platform and a merchant's browser would, over real HTTP.</summary>
public static class OAuthKit
{
    public const string Password = "correct horse battery staple";
    public const string Token = "/api/v1/openapi/oauth/token";
    public const string Revoke = "/api/v1/openapi/oauth_revoke_token";

    public static async Task<TestPlatform> CreatePlatformAsync(this PlauditServer server, string webhookUrl, bool isPublic = false, string[]? scopes = null)
    {
        var clientId = "plt-" + Guid.NewGuid().ToString("N")[..10];
        var redirectUri = $"https://{clientId}.example.com/oauth/callback";
        await using var scope = server.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<PlatformRegistry>()
            .CreateAsync($"Insta Feed {clientId}", clientId, [redirectUri], webhookUrl, scopes, isPublic, CancellationToken.None);
        return new TestPlatform(created.ClientId, created.ClientSecret, created.Name, redirectUri, isPublic);
    }

    public static async Task<TestMerchant> CreateMerchantAsync(this PlauditServer server, TestShop shop)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        await scope.ServiceProvider.GetRequiredService<MerchantAccounts>().CreateAsync(shop.Id, email, Password, server.BaseAddress, CancellationToken.None);
        return new TestMerchant(email, Password, shop);
    }

    /// <summary>The authorization request a platform sends the merchant to.</summary>
    public static string AuthorizeUrl(TestPlatform platform, string scope, string state, string? codeChallenge = null, string? redirectUri = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = platform.ClientId,
            ["redirect_uri"] = redirectUri ?? platform.RedirectUri,
            ["scope"] = scope,
            ["state"] = state,
        };
        if (codeChallenge is not null)
        {
            query["code_challenge"] = codeChallenge;
            query["code_challenge_method"] = "S256";
        }
        return QueryHelpers.AddQueryString("/api/v1/openapi/oauth/authorize", query);
    }

    /// <summary>The merchant (signed in) opens the URL, sees the consent page, and presses Allow; returns the redirect.</summary>
    public static async Task<Uri> ConsentAsync(this Browser browser, string authorizeUrl, string decision = "allow")
    {
        var consent = await browser.GetAsync(authorizeUrl);
        Assert.True(consent.Status == HttpStatusCode.OK, $"consent page: {consent.Status} {consent.Location} {consent.Html}");
        var result = await browser.SubmitAsync(consent, new Dictionary<string, string> { ["decision"] = decision });
        Assert.True(result.Status == HttpStatusCode.Redirect, $"after consent: {result.Status} {result.Html}");
        return result.Location!;
    }

    public static string CodeFrom(Uri redirect, string expectedState)
    {
        var query = QueryHelpers.ParseQuery(redirect.Query);
        Assert.Equal(expectedState, query["state"].ToString());
        Assert.True(query.ContainsKey("code"), $"no code in {redirect}");
        return query["code"].ToString();
    }

    /// <summary>Sign in, consent, and exchange the code (form-encoded): the whole flow for one shop.</summary>
    public static async Task<TokenSet> AuthorizeAsync(this PlauditServer server, TestPlatform platform, TestMerchant merchant, string scope)
    {
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);
        var code = CodeFrom(await browser.ConsentAsync(AuthorizeUrl(platform, scope, "s1")), "s1");
        var response = await server.Http.PostAsync(Token, ExchangeForm(platform, code));
        var json = await response.ReadEnvelopeAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"token endpoint: {response.StatusCode} {json}");
        return TokenSet.From(json);
    }

    public static FormUrlEncodedContent ExchangeForm(TestPlatform platform, string code, string? codeVerifier = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = platform.RedirectUri,
            ["client_id"] = platform.ClientId,
        };
        if (!platform.IsPublic)
        {
            fields["client_secret"] = platform.ClientSecret;
        }
        if (codeVerifier is not null)
        {
            fields["code_verifier"] = codeVerifier;
        }
        return new FormUrlEncodedContent(fields);
    }

    public static FormUrlEncodedContent RefreshForm(TestPlatform platform, string refreshToken) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "refresh_token",
        ["refresh_token"] = refreshToken,
        ["client_id"] = platform.ClientId,
        ["client_secret"] = platform.ClientSecret,
    });

    public static Task<HttpResponseMessage> PostJsonAsync(this PlauditServer server, string path, object body) =>
        server.Http.PostAsJsonAsync(path, body);

    public static PlauditClient Bearer(this PlauditServer server, string accessToken) => PlauditClient.WithBearerToken(server.BaseAddress, accessToken);

    /// <summary>PKCE (RFC 7636) S256, computed here independently.</summary>
    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <summary>Spec 1.3, independently: lowercase hex HMAC-SHA256 of the raw body keyed by the client secret.</summary>
    public static void AssertSystemSignature(ReceivedWebhook webhook, string clientSecret)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(clientSecret));
        var expected = Convert.ToHexString(hmac.ComputeHash(webhook.Body)).ToLowerInvariant();
        Assert.Equal(expected, webhook.Header("X-Trustoo-Signature"));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
