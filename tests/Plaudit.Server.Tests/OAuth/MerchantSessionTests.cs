using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Plaudit.Client;
using Plaudit.Server.Merchants;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.OAuth;

/// <summary>Merchant sign-in (password or one-time link), the token endpoints on the session, and get_oauth_authorize_url.</summary>
[Collection(ServerCollection.Name)]
public sealed class MerchantSessionTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task The_signed_in_merchant_reads_and_resets_the_shops_tokens(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync("Token Shop");
        var merchant = await server.CreateMerchantAsync(shop);
        using var browser = new Browser(server.BaseAddress);
        (await GetEnvelopeAsync(browser, "get_open_api_information")).AssertError(16, "sign");
        (await GetEnvelopeAsync(browser, "get_open_api_private_token")).AssertError(16);

        await browser.SignInAsync(merchant.Email, merchant.Password);
        var info = (await GetEnvelopeAsync(browser, "get_open_api_information")).AssertOk();
        Assert.Equal(shop.PublicToken, info.GetProperty("public_token").GetString());
        Assert.Equal(shop.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), info.GetProperty("shop_id").GetString());
        Assert.Equal(shop.PrivateToken, (await GetEnvelopeAsync(browser, "get_open_api_private_token")).AssertOk().GetProperty("private_token").GetString());

        var reset = await browser.PostFormAsync(Api + "reset_open_api_private_token", []);
        var newToken = JsonDocument.Parse(reset.Html).RootElement.AssertOk().GetProperty("private_token").GetString()!;
        Assert.NotEqual(shop.PrivateToken, newToken);
        (await shop.Client.GetAsync(Api + "get_reviews")).AssertError(16);
        using var renewed = new PlauditClient(server.BaseAddress, shop.PublicToken, newToken);
        (await renewed.GetAsync(Api + "get_reviews")).AssertOk();
    }

    [Fact]
    public async Task A_wrong_password_does_not_sign_in_and_return_urls_stay_on_site()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var browser = new Browser(server.BaseAddress);
        var form = await browser.GetAsync("/merchant/sign-in");
        var wrong = await browser.SubmitAsync(form, new Dictionary<string, string> { ["email"] = merchant.Email, ["password"] = "wrong password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Contains("not right", wrong.Html, StringComparison.Ordinal);
        (await GetEnvelopeAsync(browser, "get_open_api_information")).AssertError(16);

        var unknown = await browser.SubmitAsync(await browser.GetAsync("/merchant/sign-in"), new Dictionary<string, string> { ["email"] = "nobody@example.com", ["password"] = "whatever1" });
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);

        var offsite = await browser.GetAsync("/merchant/sign-in?return_url=" + Uri.EscapeDataString("//evil.example.com/x"));
        var signedIn = await browser.SubmitAsync(offsite, new Dictionary<string, string> { ["email"] = merchant.Email, ["password"] = merchant.Password });
        Assert.Equal("/merchant", signedIn.Location!.OriginalString);

        // Without the antiforgery token a sign-in post is refused.
        var forged = await browser.PostFormAsync("/merchant/sign-in", new Dictionary<string, string> { ["email"] = merchant.Email, ["password"] = merchant.Password });
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
    }

    [Fact]
    public async Task Password_guessing_is_rate_limited_per_client_address()
    {
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, TestSettings.FastWebhooks.With(("Merchants:SignInAttemptsPerMinute", "3")));
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var browser = new Browser(server.BaseAddress);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var form = await browser.GetAsync("/merchant/sign-in");
            statuses.Add((await browser.SubmitAsync(form, new Dictionary<string, string> { ["email"] = merchant.Email, ["password"] = "guess " + i })).Status);
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_sign_in_link_works_once(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var created = await server.ExecuteAsync(services => services.GetRequiredService<MerchantAccounts>()
            .CreateAsync(shop.Id, $"link-{Guid.NewGuid():N}@example.com", password: null, server.BaseAddress, CancellationToken.None));
        var link = new Uri(created.SignInLink);
        Assert.Equal(server.BaseAddress.Authority, link.Authority);
        Assert.DoesNotContain(QueryHelpers.ParseQuery(link.Query)["token"].ToString(),
            string.Join(",", await server.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                System.Linq.Queryable.Select(db.MerchantSignInLinks, l => l.TokenHash)))), StringComparison.Ordinal);

        using var browser = new Browser(server.BaseAddress);
        var page = await browser.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var used = await browser.SubmitAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, used.Status);
        (await GetEnvelopeAsync(browser, "get_open_api_information")).AssertOk();

        using var second = new Browser(server.BaseAddress);
        var again = await second.SubmitAsync(await second.GetAsync(link.PathAndQuery));
        Assert.Equal(HttpStatusCode.Unauthorized, again.Status);
        (await GetEnvelopeAsync(second, "get_open_api_information")).AssertError(16);
    }

    [Fact]
    public async Task Get_oauth_authorize_url_validates_and_returns_the_consent_url()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var platform = await server.CreatePlatformAsync("https://platform.example.com/system", scopes: ["read_reviews", "read_orders"]);
        var url = Api + "get_oauth_authorize_url";
        (await (await server.Http.GetAsync($"{url}?client_id={platform.ClientId}&state=s")).ReadEnvelopeAsync()).AssertOk();
        (await (await server.Http.GetAsync($"{url}?state=s")).ReadEnvelopeAsync()).AssertError(3, "client_id");
        (await (await server.Http.GetAsync($"{url}?client_id={platform.ClientId}")).ReadEnvelopeAsync()).AssertError(3, "state");
        (await (await server.Http.GetAsync($"{url}?client_id=nobody&state=s")).ReadEnvelopeAsync()).AssertError(5);
        (await (await server.Http.GetAsync($"{url}?client_id={platform.ClientId}&state=s&redirect_uri=https://evil.example.com/")).ReadEnvelopeAsync()).AssertError(3, "redirect_uri");
        (await (await server.Http.GetAsync($"{url}?client_id={platform.ClientId}&state=s&scope=read_everything")).ReadEnvelopeAsync()).AssertError(3, "read_everything");
        (await (await server.Http.GetAsync($"{url}?client_id={platform.ClientId}&state=s&scope=write_customers")).ReadEnvelopeAsync()).AssertError(7, "write_customers");

        var data = (await (await server.Http.GetAsync($"{url}?client_id={platform.ClientId}&state=s9&scope=read_reviews,read_orders&redirect_uri={Uri.EscapeDataString(platform.RedirectUri)}"))
            .ReadEnvelopeAsync()).AssertOk();
        var authorizeUrlText = data.GetProperty("authorize_url").GetString()!;
        // A URL as sent: escaped, with no raw spaces between the scopes.
        Assert.Contains("scope=read_reviews%20read_orders&", authorizeUrlText, StringComparison.Ordinal);
        Assert.Equal(authorizeUrlText, data.GetProperty("url").GetString());
        var authorizeUrl = new Uri(authorizeUrlText);
        Assert.Equal("/api/v1/openapi/oauth/authorize", authorizeUrl.AbsolutePath);

        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);
        var redirect = await browser.ConsentAsync(authorizeUrl.PathAndQuery);
        var code = OAuthKit.CodeFrom(redirect, "s9");
        var tokens = TokenSet.From(await (await server.Http.PostAsync(OAuthKit.Token, OAuthKit.ExchangeForm(platform, code))).ReadEnvelopeAsync());
        Assert.Equal(["read_orders", "read_reviews"], tokens.Scope.Split(' ').Order());
    }

    private static async Task<JsonElement> GetEnvelopeAsync(Browser browser, string call) =>
        JsonDocument.Parse((await browser.GetAsync(Api + call)).Html).RootElement.Clone();
}
