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

        // JSON posted as text/plain (fetch's default for a string body) is still the spec's JSON request.
        var plainText = await server.Http.PostAsync(OAuthKit.Token, new StringContent(
            $$"""{"grant_type":"refresh_token","refresh_token":"{{refreshed.GetProperty("refresh_token").GetString()}}","client_id":"{{platform.ClientId}}","client_secret":"{{platform.ClientSecret}}"}""",
            System.Text.Encoding.UTF8, "text/plain"));
        Assert.False(string.IsNullOrEmpty((await plainText.ReadEnvelopeAsync()).AssertOk().GetProperty("access_token").GetString()));
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_reused_code_fails_and_revokes_the_tokens_it_issued(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var (platform, merchant) = await SetUpAsync(server);
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);
        var code = OAuthKit.CodeFrom(await browser.ConsentAsync(OAuthKit.AuthorizeUrl(platform, "read_reviews", "r1")), "r1");

        var first = TokenSet.From(await (await server.Http.PostAsync(OAuthKit.Token, OAuthKit.ExchangeForm(platform, code))).ReadEnvelopeAsync());
        using var api = server.Bearer(first.AccessToken);
        (await api.GetAsync(Api + "get_reviews")).AssertOk();

        var replay = await server.Http.PostAsync(OAuthKit.Token, OAuthKit.ExchangeForm(platform, code));
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal("invalid_grant", (await replay.ReadEnvelopeAsync()).GetProperty("error").GetString());

        (await api.GetAsync(Api + "get_reviews")).AssertError(16);
        var refresh = await server.Http.PostAsync(OAuthKit.Token, OAuthKit.RefreshForm(platform, first.RefreshToken));
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Refresh_tokens_rotate_and_a_reused_one_revokes_the_family(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var (platform, merchant) = await SetUpAsync(server);
        var first = await server.AuthorizeAsync(platform, merchant, "read_reviews");

        var second = TokenSet.From(await (await server.Http.PostAsync(OAuthKit.Token, OAuthKit.RefreshForm(platform, first.RefreshToken))).ReadEnvelopeAsync());
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.Equal("read_reviews", second.Scope);
        using (var api = server.Bearer(second.AccessToken))
        {
            (await api.GetAsync(Api + "get_reviews")).AssertOk();
        }

        // The first refresh token was used up: presenting it again is theft, and the whole family dies.
        var stolen = await server.Http.PostAsync(OAuthKit.Token, OAuthKit.RefreshForm(platform, first.RefreshToken));
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.Equal("invalid_grant", (await stolen.ReadEnvelopeAsync()).GetProperty("error").GetString());
        var legitimate = await server.Http.PostAsync(OAuthKit.Token, OAuthKit.RefreshForm(platform, second.RefreshToken));
        Assert.Equal(HttpStatusCode.BadRequest, legitimate.StatusCode);
        using (var api = server.Bearer(second.AccessToken))
        {
            (await api.GetAsync(Api + "get_reviews")).AssertError(16);
        }
    }

    [Fact]
    public async Task Denying_redirects_with_access_denied_and_the_state()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var (platform, merchant) = await SetUpAsync(server);
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);
        var redirect = await browser.ConsentAsync(OAuthKit.AuthorizeUrl(platform, "read_reviews", "d1"), decision: "deny");
        var query = QueryHelpers.ParseQuery(redirect.Query);
        Assert.StartsWith(platform.RedirectUri, redirect.ToString(), StringComparison.Ordinal);
        Assert.Equal("access_denied", query["error"].ToString());
        Assert.Equal("d1", query["state"].ToString());
        Assert.False(query.ContainsKey("code"));
        Assert.Equal(0, await server.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.PlatformGrants, g => g.ShopId == merchant.Shop.Id)));
    }

    [Fact]
    public async Task A_bad_client_or_redirect_uri_shows_an_error_page_and_never_redirects()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var (platform, merchant) = await SetUpAsync(server);
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);

        var wrongRedirect = await browser.GetAsync(OAuthKit.AuthorizeUrl(platform, "read_reviews", "e1", redirectUri: "https://evil.example.com/steal"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongRedirect.Status);
        Assert.Null(wrongRedirect.Location);
        Assert.Contains("not valid", wrongRedirect.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example.com/steal?", wrongRedirect.Html, StringComparison.Ordinal);

        var unknownClient = await browser.GetAsync(OAuthKit.AuthorizeUrl(platform with { ClientId = "nobody" }, "read_reviews", "e2"));
        Assert.Equal(HttpStatusCode.BadRequest, unknownClient.Status);
        Assert.Null(unknownClient.Location);

        // A valid client and redirect_uri with an unknown scope: the error goes back to the platform.
        var badScope = await browser.GetAsync(OAuthKit.AuthorizeUrl(platform, "read_everything", "e3"));
        Assert.Equal(HttpStatusCode.Redirect, badScope.Status);
        Assert.Equal("invalid_scope", QueryHelpers.ParseQuery(badScope.Location!.Query)["error"].ToString());
    }

    [Fact]
    public async Task Public_clients_must_use_pkce_with_s256()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var (platform, merchant) = await SetUpAsync(server, isPublic: true);
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);

        var withoutPkce = await browser.GetAsync(OAuthKit.AuthorizeUrl(platform, "read_reviews", "p0"));
        Assert.Equal(HttpStatusCode.Redirect, withoutPkce.Status);
        Assert.Equal("invalid_request", QueryHelpers.ParseQuery(withoutPkce.Location!.Query)["error"].ToString());

        var plain = await browser.GetAsync(OAuthKit.AuthorizeUrl(platform, "read_reviews", "p1") + "&code_challenge=abcdefghijabcdefghijabcdefghijabcdefghij123&code_challenge_method=plain");
        Assert.Equal(HttpStatusCode.Redirect, plain.Status);
        Assert.Equal("invalid_request", QueryHelpers.ParseQuery(plain.Location!.Query)["error"].ToString());

        var (verifier, challenge) = OAuthKit.Pkce();
        var code = OAuthKit.CodeFrom(await browser.ConsentAsync(OAuthKit.AuthorizeUrl(platform, "read_reviews", "p2", challenge)), "p2");
        var wrongVerifier = await server.Http.PostAsync(OAuthKit.Token, OAuthKit.ExchangeForm(platform, code, OAuthKit.Pkce().Verifier));
        Assert.Equal(HttpStatusCode.BadRequest, wrongVerifier.StatusCode);

        var code2 = OAuthKit.CodeFrom(await browser.ConsentAsync(OAuthKit.AuthorizeUrl(platform, "read_reviews", "p3", challenge)), "p3");
        var ok = await server.Http.PostAsync(OAuthKit.Token, OAuthKit.ExchangeForm(platform, code2, verifier));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var api = server.Bearer(TokenSet.From(await ok.ReadEnvelopeAsync()).AccessToken);
        (await api.GetAsync(Api + "get_reviews")).AssertOk();
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Revoking_a_token_takes_effect_on_the_next_request(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var (platform, merchant) = await SetUpAsync(server);
        var tokens = await server.AuthorizeAsync(platform, merchant, "read_reviews");
        using var api = server.Bearer(tokens.AccessToken);
        (await api.GetAsync(Api + "get_reviews")).AssertOk();

        // RFC 7009, form-encoded: 200 with no body.
        var revoked = await server.Http.PostAsync(OAuthKit.Revoke, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = tokens.AccessToken, ["token_type_hint"] = "access_token", ["client_id"] = platform.ClientId, ["client_secret"] = platform.ClientSecret,
        }));
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        (await api.GetAsync(Api + "get_reviews")).AssertError(16);

        // The spec's JSON style answers in the envelope; the refresh token then stops working too.
        (await (await server.PostJsonAsync(OAuthKit.Revoke, new { token = tokens.RefreshToken, client_id = platform.ClientId, client_secret = platform.ClientSecret }))
            .ReadEnvelopeAsync()).AssertOk();
        var refresh = await server.Http.PostAsync(OAuthKit.Token, OAuthKit.RefreshForm(platform, tokens.RefreshToken));
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
    }

    [Fact]
    public async Task Unknown_or_malformed_bearer_tokens_are_code_16()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        using var api = server.Bearer("not-a-token");
        (await api.GetAsync(Api + "get_reviews")).AssertError(16);
        using var request = new HttpRequestMessage(HttpMethod.Get, Api + "get_reviews");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertError(16);
    }

    private static async Task<(TestPlatform, TestMerchant)> SetUpAsync(PlauditServer server, bool isPublic = false)
    {
        var platform = await server.CreatePlatformAsync("https://platform.example.com/system", isPublic);
        var shop = await server.CreateShopAsync();
        return (platform, await server.CreateMerchantAsync(shop));
    }
}
