using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Plaudit.Client;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Merchants;

/// <summary>
/// The merchant session against a hostile site: sign-in never redirects to another origin, and a
/// page elsewhere cannot make the merchant's browser change anything with the session cookie.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class MerchantSecurityTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";
    private const string Reset = Api + "reset_open_api_private_token";

    /// <summary>What a browser would read as another origin: tabs and newlines are dropped, <c>\</c> is <c>/</c>, and some servers decode twice.</summary>
    public static TheoryData<string> OffSiteReturnUrls => new()
    {
        "//evil.example/x",
        "/\\evil.example/x",
        "\\\\evil.example/x",
        "\\/evil.example/x",
        "/\t/evil.example/x",
        "/\n/evil.example/x",
        "/\r\n/evil.example/x",
        "/ /evil.example/x",
        "https://evil.example/x",
        "http:evil.example",
        "javascript:alert(1)",
        " //evil.example/x",
        "/%09/evil.example/x",
        "/%2F/evil.example/x",
        "/%2f%2fevil.example/x",
        "/%5Cevil.example/x",
        "/%252F/evil.example/x",
        "/%0a/evil.example/x",
    };

    [Theory, MemberData(nameof(OffSiteReturnUrls))]
    public async Task Sign_in_never_sends_the_browser_to_another_origin(string returnUrl)
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var browser = new Browser(server.BaseAddress);

        // The link an attacker sends: the form must not carry the address on.
        var form = await browser.GetAsync("/merchant/sign-in?return_url=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal("/merchant", form.Form().Hidden.Single(f => f.Key == "return_url").Value);

        // A forged form field, posted with a valid antiforgery token.
        var signedIn = await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["email"] = merchant.Email, ["password"] = merchant.Password, ["return_url"] = returnUrl,
        });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        Assert.Equal("/merchant", signedIn.Location!.OriginalString);
    }

    [Fact]
    public async Task The_reported_tab_payload_stays_on_site()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var browser = new Browser(server.BaseAddress);
        // Exactly as reported: the query decodes %09 to a tab, which browsers drop, reading //evil.example.
        var form = await browser.GetAsync("/merchant/sign-in?return_url=/%09/evil.example");
        var signedIn = await browser.SubmitAsync(form, new Dictionary<string, string> { ["email"] = merchant.Email, ["password"] = merchant.Password });
        Assert.Equal("/merchant", signedIn.Location!.OriginalString);
    }

    [Fact]
    public async Task A_sign_in_form_with_a_NUL_character_is_refused_and_not_redirected()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var browser = new Browser(server.BaseAddress);
        // A NUL in any query is refused before a page is rendered (see NulQueryGuard).
        var page = await browser.GetAsync("/merchant/sign-in?return_url=" + Uri.EscapeDataString("/\0/evil.example"));
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Null(page.Location);
        var form = await browser.GetAsync("/merchant/sign-in");
        var refused = await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["email"] = merchant.Email, ["password"] = merchant.Password, ["return_url"] = "/\0/evil.example",
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Null(refused.Location);
    }

    [Fact]
    public async Task A_return_url_in_the_query_of_the_sign_in_post_is_not_followed()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var browser = new Browser(server.BaseAddress);
        var fields = (await browser.GetAsync("/merchant/sign-in")).Form().Hidden.ToDictionary();
        fields["email"] = merchant.Email;
        fields["password"] = merchant.Password;
        var signedIn = await browser.PostFormAsync("/merchant/sign-in?return_url=/%09/evil.example", fields);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        Assert.Equal("/merchant", signedIn.Location!.OriginalString);
    }

    [Theory, MemberData(nameof(OffSiteReturnUrls))]
    public async Task A_sign_in_link_never_sends_the_browser_to_another_origin(string returnUrl)
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        var created = await server.ExecuteAsync(services => services.GetRequiredService<Plaudit.Server.Merchants.MerchantAccounts>()
            .CreateAsync(shop.Id, $"link-{Guid.NewGuid():N}@example.com", password: null, server.BaseAddress, CancellationToken.None));
        using var browser = new Browser(server.BaseAddress);
        var page = await browser.GetAsync(new Uri(created.SignInLink).PathAndQuery + "&return_url=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal("/merchant", page.Form().Hidden.Single(f => f.Key == "return_url").Value);
        var used = await browser.SubmitAsync(page, new Dictionary<string, string> { ["return_url"] = returnUrl });
        Assert.Equal(HttpStatusCode.Redirect, used.Status);
        Assert.Equal("/merchant", used.Location!.OriginalString);
    }

    [Fact]
    public async Task A_local_return_url_with_an_encoded_query_is_followed()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var browser = new Browser(server.BaseAddress);
        const string local = "/api/v1/openapi/oauth/authorize?client_id=a&redirect_uri=https%3A%2F%2Fa.example%2Fcb&scope=read_reviews%20write_reviews&state=s%2F%2Fx";
        var form = await browser.GetAsync("/merchant/sign-in?return_url=" + Uri.EscapeDataString(local));
        var signedIn = await browser.SubmitAsync(form, new Dictionary<string, string> { ["email"] = merchant.Email, ["password"] = merchant.Password });
        Assert.Equal(local, signedIn.Location!.OriginalString);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_cross_site_post_cannot_reset_the_private_token(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var merchant = await server.CreateMerchantAsync(shop);
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);

        // A form on another site auto-submitted in the merchant's browser (the cookie goes along).
        (await ResetAsync(browser, ("Origin", "https://evil.example"), ("Sec-Fetch-Site", "cross-site"))).AssertError(7, "origin");
        // A sibling subdomain is same-site, not same-origin.
        (await ResetAsync(browser, ("Origin", "http://shop.localhost"), ("Sec-Fetch-Site", "same-site"))).AssertError(7);
        // An old browser that sends neither header, or only a foreign Origin.
        browser.SendsOrigin = false;
        (await ResetAsync(browser)).AssertError(7);
        browser.SendsOrigin = true;
        (await ResetAsync(browser, ("Origin", "https://evil.example"))).AssertError(7);
        (await ResetAsync(browser, ("Origin", "null"))).AssertError(7);
        // A foreign Origin is refused even when Sec-Fetch-Site claims otherwise.
        (await ResetAsync(browser, ("Origin", "https://evil.example"), ("Sec-Fetch-Site", "same-origin"))).AssertError(7);

        // The token did not change.
        (await shop.Client.GetAsync(Api + "get_reviews")).AssertOk();
        Assert.Equal(shop.PrivateToken, (await GetAsync(browser, "get_open_api_private_token")).AssertOk().GetProperty("private_token").GetString());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_same_origin_call_resets_the_private_token(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var merchant = await server.CreateMerchantAsync(shop);
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);

        var origin = server.BaseAddress.GetLeftPart(UriPartial.Authority);
        var first = (await ResetAsync(browser, ("Origin", origin))).AssertOk().GetProperty("private_token").GetString()!;
        // fetch() from a Plaudit page (Referrer-Policy: no-referrer) sends Origin: null; Sec-Fetch-Site vouches for it.
        var second = (await ResetAsync(browser, ("Origin", "null"), ("Sec-Fetch-Site", "same-origin"))).AssertOk().GetProperty("private_token").GetString()!;
        Assert.NotEqual(first, second);
        (await shop.Client.GetAsync(Api + "get_reviews")).AssertError(16);
        using var renewed = new PlauditClient(server.BaseAddress, shop.PublicToken, second);
        (await renewed.GetAsync(Api + "get_reviews")).AssertOk();
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task The_consent_form_cannot_be_posted_from_another_site(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var platform = await server.CreatePlatformAsync("https://platform.example.com/system");
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);
        var authorizeUrl = OAuthKit.AuthorizeUrl(platform, "read_reviews", "csrf");

        // The attacker knows every parameter but the antiforgery token.
        var fields = QueryHelpers.ParseQuery(new Uri(server.BaseAddress, authorizeUrl).Query).ToDictionary(p => p.Key, p => p.Value.ToString());
        fields["decision"] = "allow";
        var forged = await browser.PostFormAsync("/api/v1/openapi/oauth/authorize", fields, ("Origin", "https://evil.example"), ("Sec-Fetch-Site", "cross-site"));
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Null(forged.Location);
        Assert.Empty(await server.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.PlatformGrants.Where(g => g.PlatformClientId == platform.ClientId))));

        // The merchant's own consent still works.
        Assert.StartsWith(platform.RedirectUri, (await browser.ConsentAsync(authorizeUrl)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_out_from_the_dashboards_own_form_ends_the_session()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);
        var dashboard = await browser.GetAsync("/merchant");
        Assert.Equal(HttpStatusCode.OK, dashboard.Status);
        var signOut = dashboard.Forms().Single(f => f.Action == "/merchant/sign-out");

        var answered = await browser.PostFormAsync(signOut.Action, signOut.Hidden);
        Assert.Equal(HttpStatusCode.Redirect, answered.Status);
        var after = await browser.GetAsync("/merchant/reviews");
        Assert.Equal(HttpStatusCode.Redirect, after.Status);
        Assert.Equal("/merchant/sign-in", (after.Location!.IsAbsoluteUri ? after.Location : new Uri(server.BaseAddress, after.Location)).AbsolutePath);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Signing_out_ends_a_copied_cookie_and_the_merchants_other_sessions(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);
        using var otherDevice = new Browser(server.BaseAddress);
        await otherDevice.SignInAsync(merchant.Email, merchant.Password);
        // An attacker's copy of the first browser's session cookie.
        var copied = new CookieContainer();
        copied.Add(browser.Cookies.GetAllCookies());
        using var thief = new Browser(server.BaseAddress, copied);
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/merchant")).Status);

        var dashboard = await browser.GetAsync("/merchant");
        var signOut = dashboard.Forms().Single(f => f.Action == "/merchant/sign-out");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(signOut.Action, signOut.Hidden)).Status);

        foreach (var ended in new[] { thief, otherDevice, browser })
        {
            var page = await ended.GetAsync("/merchant/reviews");
            Assert.Equal(HttpStatusCode.Redirect, page.Status);
            Assert.Equal("/merchant/sign-in", (page.Location!.IsAbsoluteUri ? page.Location : new Uri(server.BaseAddress, page.Location)).AbsolutePath);
        }
        // The dashboard's JSON calls refuse it too; signing in again starts a session that works.
        Assert.NotEqual(0, (await GetAsync(thief, "get_open_api_information")).GetProperty("code").GetInt32());
        await otherDevice.SignInAsync(merchant.Email, merchant.Password);
        Assert.Equal(HttpStatusCode.OK, (await otherDevice.GetAsync("/merchant")).Status);
    }

    [Fact]
    public async Task A_return_url_with_non_ascii_characters_signs_in_and_stays_on_site()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var browser = new Browser(server.BaseAddress);
        var form = await browser.GetAsync("/merchant/sign-in?return_url=/%C3%A9t%C3%A9");
        var signedIn = await browser.SubmitAsync(form, new Dictionary<string, string> { ["email"] = merchant.Email, ["password"] = merchant.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        Assert.Equal("/%C3%A9t%C3%A9", signedIn.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_out_from_another_site_does_nothing()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);
        await browser.PostFormAsync("/merchant/sign-out", [], ("Origin", "https://evil.example"), ("Sec-Fetch-Site", "cross-site"));
        (await GetAsync(browser, "get_open_api_information")).AssertOk();
    }

    [Fact]
    public async Task Over_plain_http_without_an_https_PublicUrl_the_cookies_keep_plain_names()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var http = RawClient(server.BaseAddress);
        var cookies = await SignInByHandAsync(http, merchant, []);
        var session = cookies.Single(c => c.Name.EndsWith("plaudit_merchant", StringComparison.Ordinal));
        Assert.Equal("plaudit_merchant", session.Name);
        Assert.False(session.Secure);
        Assert.True(session.HttpOnly);
    }

    [Fact]
    public async Task With_an_https_PublicUrl_the_session_and_antiforgery_cookies_are_Secure_and_host_prefixed()
    {
        // Plaudit listens on plain http behind a TLS proxy that is not configured as trusted: the
        // cookies must still be Secure, because PublicUrl says what the browser sees.
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, TestSettings.FastWebhooks.With(("PublicUrl", "https://reviews.example.test")));
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var http = RawClient(server.BaseAddress);
        var cookies = await SignInByHandAsync(http, merchant, [("Origin", "https://reviews.example.test")]);

        var antiforgery = cookies.Single(c => c.Name.Contains("antiforgery", StringComparison.Ordinal));
        var session = cookies.Single(c => c.Name.Contains("plaudit_merchant", StringComparison.Ordinal));
        foreach (var cookie in new[] { antiforgery, session })
        {
            Assert.StartsWith("__Host-", cookie.Name, StringComparison.Ordinal);
            Assert.True(cookie.Secure, cookie.Name);
            Assert.True(cookie.HttpOnly, cookie.Name);
            Assert.Equal("/", cookie.Path);
            Assert.Equal("", cookie.Domain);
        }
        Assert.Equal("__Host-plaudit_merchant", session.Name);

        // The session works with its new name, and same-origin means the PublicUrl's origin.
        var info = new HttpRequestMessage(HttpMethod.Get, Api + "get_open_api_information");
        info.Headers.Add("Cookie", $"{session.Name}={session.Value}");
        (await (await http.SendAsync(info)).ReadEnvelopeAsync()).AssertOk();
        (await (await http.SendAsync(ResetRequest(session, server.BaseAddress.GetLeftPart(UriPartial.Authority)))).ReadEnvelopeAsync()).AssertError(7);
        (await (await http.SendAsync(ResetRequest(session, "https://reviews.example.test"))).ReadEnvelopeAsync()).AssertOk();
    }

    private static HttpRequestMessage ResetRequest(Cookie session, string origin)
    {
        var reset = new HttpRequestMessage(HttpMethod.Post, Reset);
        reset.Headers.Add("Cookie", $"{session.Name}={session.Value}");
        reset.Headers.Add("Origin", origin);
        return reset;
    }

    private static HttpClient RawClient(Uri baseAddress) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    /// <summary>Signs in handling cookies by hand (a cookie container would not send Secure cookies over http) and returns every cookie set.</summary>
    private static async Task<List<Cookie>> SignInByHandAsync(HttpClient http, TestMerchant merchant, (string Name, string Value)[] headers)
    {
        using var page = await http.GetAsync("/merchant/sign-in");
        var set = SetCookies(page);
        var html = await page.Content.ReadAsStringAsync();
        var form = new Browser.Page(page.StatusCode, html, null).Form();
        var fields = form.Hidden.ToDictionary();
        fields["email"] = merchant.Email;
        fields["password"] = merchant.Password;
        using var post = new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", string.Join("; ", set.Select(c => $"{c.Name}={c.Value}")));
        foreach (var (name, value) in headers)
        {
            post.Headers.Add(name, value);
        }
        using var signedIn = await http.SendAsync(post);
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"sign-in: {signedIn.StatusCode} {await signedIn.Content.ReadAsStringAsync()}");
        return [.. set, .. SetCookies(signedIn)];
    }

    private static List<Cookie> SetCookies(HttpResponseMessage response)
    {
        var cookies = new List<Cookie>();
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var parts = header.Split(';', StringSplitOptions.TrimEntries);
            var eq = parts[0].IndexOf('=', StringComparison.Ordinal);
            var cookie = new Cookie { Name = parts[0][..eq], Value = parts[0][(eq + 1)..] };
            foreach (var attribute in parts.Skip(1))
            {
                var (name, value) = attribute.IndexOf('=', StringComparison.Ordinal) is var at and >= 0 ? (attribute[..at], attribute[(at + 1)..]) : (attribute, "");
                switch (name.ToLowerInvariant())
                {
                    case "secure": cookie.Secure = true; break;
                    case "httponly": cookie.HttpOnly = true; break;
                    case "path": cookie.Path = value; break;
                    case "domain": cookie.Domain = value; break;
                }
            }
            cookies.Add(cookie);
        }
        return cookies;
    }

    private static async Task<JsonElement> ResetAsync(Browser browser, params (string Name, string Value)[] headers) =>
        JsonDocument.Parse((await browser.PostFormAsync(Reset, [], headers)).Html).RootElement.Clone();

    private static async Task<JsonElement> GetAsync(Browser browser, string call) =>
        JsonDocument.Parse((await browser.GetAsync(Api + call)).Html).RootElement.Clone();
}
