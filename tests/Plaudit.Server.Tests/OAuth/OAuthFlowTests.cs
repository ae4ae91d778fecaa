using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.OAuth;

/// <summary>The authorization code flow end to end: sign-in, consent, code exchange in both request styles, refresh, revoke.</summary>
[Collection(ServerCollection.Name)]
public sealed class OAuthFlowTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_merchant_authorizes_a_platform_which_then_calls_the_api_and_hears_app_authorized(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        var platform = await server.CreatePlatformAsync(receiver.Url("/system"));
        var shop = await server.CreateShopAsync("Flow Shop");
        var merchant = await server.CreateMerchantAsync(shop);
        await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Ann", product_id = "P1" });

        using var browser = new Browser(server.BaseAddress);
        // Not signed in: the authorize page sends the merchant to sign in, and back.
        var authorizeUrl = OAuthKit.AuthorizeUrl(platform, "read_reviews read_orders", "xyz");
        var bounce = await browser.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.Redirect, bounce.Status);
        Assert.StartsWith("/merchant/sign-in?return_url=", bounce.Location!.OriginalString, StringComparison.Ordinal);
        var signIn = await browser.GetAsync(bounce.Location.OriginalString);
        var signedIn = await browser.SubmitAsync(signIn, new Dictionary<string, string> { ["email"] = merchant.Email, ["password"] = merchant.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        Assert.StartsWith("/api/v1/openapi/oauth/authorize?", signedIn.Location!.OriginalString, StringComparison.Ordinal);

        // The consent page names the platform and the scopes in plain words.
        var consent = await browser.GetAsync(signedIn.Location.OriginalString);
        Assert.Equal(HttpStatusCode.OK, consent.Status);
        Assert.Contains(WebUtility.HtmlEncode(platform.Name), consent.Html, StringComparison.Ordinal);
        Assert.Contains("See your reviews and ratings", consent.Html, StringComparison.Ordinal);
        Assert.Contains("See your order history", consent.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("customer exclusion", consent.Html, StringComparison.Ordinal);

        var redirect = (await browser.SubmitAsync(consent, new Dictionary<string, string> { ["decision"] = "allow" })).Location!;
        Assert.StartsWith(platform.RedirectUri + "?", redirect.ToString(), StringComparison.Ordinal);
        var code = OAuthKit.CodeFrom(redirect, "xyz");

        // RFC 6749 form request, RFC 6749 answer.
        var response = await server.Http.PostAsync(OAuthKit.Token, OAuthKit.ExchangeForm(platform, code));
        var json = await response.ReadEnvelopeAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = TokenSet.From(json);
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.InRange(tokens.ExpiresIn, 3500, 3600);
        Assert.Equal(shop.Id, tokens.ShopId);
        Assert.Equal(["read_orders", "read_reviews"], tokens.Scope.Split(' ').Order());

        using var api = server.Bearer(tokens.AccessToken);
        var reviews = (await api.GetAsync(Api + "get_reviews")).AssertOk();
        Assert.Equal("Ann", reviews.GetProperty("list")[0].GetProperty("author").GetString());
        (await api.GetAsync(Api + "get_orders")).AssertOk();

        var system = (await receiver.WaitForCountAsync("/system", 1)).Single();
        OAuthKit.AssertSystemSignature(system, platform.ClientSecret);
        using var body = JsonDocument.Parse(system.Body);
        Assert.Equal("app/authorized", body.RootElement.GetProperty("event").GetString());
        Assert.Equal(JsonValueKind.Number, body.RootElement.GetProperty("shop_id").ValueKind);
        Assert.Equal(shop.Id, body.RootElement.GetProperty("shop_id").GetInt64());
        Assert.Equal(platform.ClientId, body.RootElement.GetProperty("platform").GetString());
        Assert.InRange(body.RootElement.GetProperty("timestamp").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
    }

    [Fact]
    public async Task The_token_endpoint_takes_the_specs_json_request_and_answers_in_the_envelope()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var (platform, merchant) = await SetUpAsync(server);
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);
        var code = OAuthKit.CodeFrom(await browser.ConsentAsync(OAuthKit.AuthorizeUrl(platform, "read_reviews", "j1")), "j1");

        var envelope = await (await server.PostJsonAsync(OAuthKit.Token, new
        {
            grant_type = "authorization_code", code, redirect_uri = platform.RedirectUri, client_id = platform.ClientId, client_secret = platform.ClientSecret,
        })).ReadEnvelopeAsync();
        var data = envelope.AssertOk();
        var tokens = TokenSet.From(data);
        Assert.Equal(merchant.Shop.Id, tokens.ShopId);

        var refreshed = (await (await server.PostJsonAsync(OAuthKit.Token, new
        {
            grant_type = "refresh_token", refresh_token = tokens.RefreshToken, client_id = platform.ClientId, client_secret = platform.ClientSecret,
        })).ReadEnvelopeAsync()).AssertOk();
        Assert.NotEqual(tokens.RefreshToken, refreshed.GetProperty("refresh_token").GetString());

        (await (await server.PostJsonAsync(OAuthKit.Token, new { grant_type = "authorization_code", code = "nope", redirect_uri = platform.RedirectUri, client_id = platform.ClientId, client_secret = platform.ClientSecret }))
            .ReadEnvelopeAsync()).AssertError(16, "invalid_grant");
        (await (await server.PostJsonAsync(OAuthKit.Token, new { grant_type = "refresh_token", refresh_token = tokens.RefreshToken, client_id = platform.ClientId, client_secret = "wrong" }))
            .ReadEnvelopeAsync()).AssertError(16, "invalid_client");
        (await (await server.PostJsonAsync(OAuthKit.Token, new { grant_type = "password", username = "a", password = "b", client_id = platform.ClientId }))
            .ReadEnvelopeAsync()).AssertError(3, "unsupported_grant_type");
        var malformed = await server.Http.PostAsync(OAuthKit.Token, new StringContent("{\"grant_type\":", System.Text.Encoding.UTF8, "application/json"));
        (await malformed.ReadEnvelopeAsync()).AssertError(3);
    }

    private static async Task<(TestPlatform, TestMerchant)> SetUpAsync(PlauditServer server, bool isPublic = false)
    {
        var platform = await server.CreatePlatformAsync("https://platform.example.com/system", isPublic);
        var shop = await server.CreateShopAsync();
        return (platform, await server.CreateMerchantAsync(shop));
    }
}
