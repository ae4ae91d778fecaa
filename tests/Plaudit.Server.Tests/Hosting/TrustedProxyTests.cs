using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Hosting;

/// <summary>
/// Behind a reverse proxy every request comes from the proxy: limits must count the shopper the
/// proxy names, and only a proxy the operator listed (<c>Hosting:TrustedProxies</c>) is believed.
/// Every test client here is 127.0.0.1, playing the proxy or an attacker.
/// </summary>
public sealed class TrustedProxyTests
{
    private static readonly HttpStatusCode[] TwoThenRefused = [HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests];

    [Fact]
    public async Task Without_trusted_proxies_a_forged_X_Forwarded_For_does_not_give_a_fresh_bucket()
    {
        await using var server = await StartAsync(("Storefront:EventsPerMinute", "2"));
        var shop = await server.CreateShopAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add(await SendEventAsync(server, shop, $"198.51.100.{i + 1}"));
        }
        Assert.Equal(TwoThenRefused, statuses);
    }

    [Fact]
    public async Task A_proxy_that_is_not_listed_is_not_believed()
    {
        await using var server = await StartAsync(("Storefront:EventsPerMinute", "2"), ("Hosting:TrustedProxies", "192.0.2.10, 10.1.0.0/16"));
        var shop = await server.CreateShopAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add(await SendEventAsync(server, shop, $"198.51.100.{i + 1}"));
        }
        Assert.Equal(TwoThenRefused, statuses);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_shopper_has_their_own_bucket()
    {
        await using var server = await StartAsync(("Storefront:EventsPerMinute", "2"), ("Hosting:TrustedProxies", "127.0.0.1"));
        var shop = await server.CreateShopAsync();
        Assert.Equal(HttpStatusCode.Accepted, await SendEventAsync(server, shop, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.Accepted, await SendEventAsync(server, shop, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SendEventAsync(server, shop, "203.0.113.7"));
        // What the shopper put in front of the proxy's entry is not believed: the proxy saw 203.0.113.7.
        Assert.Equal(HttpStatusCode.TooManyRequests, await SendEventAsync(server, shop, "192.0.2.99, 203.0.113.7"));
        Assert.Equal(HttpStatusCode.Accepted, await SendEventAsync(server, shop, "203.0.113.8"));
    }

    [Fact]
    public async Task IPv6_shoppers_are_limited_per_64()
    {
        await using var server = await StartAsync(("Storefront:EventsPerMinute", "2"), ("Hosting:TrustedProxies:0", "127.0.0.0/8"), ("Hosting:TrustedProxies:1", "::1"));
        var shop = await server.CreateShopAsync();
        // A host picks any address in its /64: these are one shopper.
        Assert.Equal(HttpStatusCode.Accepted, await SendEventAsync(server, shop, "2001:db8:1:2::1"));
        Assert.Equal(HttpStatusCode.Accepted, await SendEventAsync(server, shop, "[2001:db8:1:2:ffff:ffff:ffff:fffe]:443"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SendEventAsync(server, shop, "2001:db8:1:2:abcd::9"));
        Assert.Equal(HttpStatusCode.Accepted, await SendEventAsync(server, shop, "2001:db8:1:3::1"));
        // An IPv4 shopper seen as IPv4-mapped IPv6 is the IPv4 address.
        Assert.Equal(HttpStatusCode.Accepted, await SendEventAsync(server, shop, "::ffff:203.0.113.50"));
        Assert.Equal(HttpStatusCode.Accepted, await SendEventAsync(server, shop, "203.0.113.50"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SendEventAsync(server, shop, "203.0.113.50"));
    }

    [Fact]
    public async Task Sign_in_attempts_are_counted_per_shopper_behind_a_trusted_proxy()
    {
        await using var server = await StartAsync(("Merchants:SignInAttemptsPerMinute", "2"), ("Hosting:TrustedProxies", "127.0.0.1"));
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var browser = new Browser(server.BaseAddress);
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(browser, merchant.Email, "wrong 1", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(browser, merchant.Email, "wrong 2", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(browser, merchant.Email, "wrong 3", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.Redirect, await SignInAsync(browser, merchant.Email, merchant.Password, "203.0.113.8"));
    }

    [Fact]
    public async Task Password_guessing_against_one_account_is_refused_from_any_address()
    {
        await using var server = await StartAsync(("Merchants:SignInAttemptsPerAccountPerHour", "3"), ("Hosting:TrustedProxies", "127.0.0.1"));
        var shop = await server.CreateShopAsync();
        var target = await server.CreateMerchantAsync(shop);
        var other = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var browser = new Browser(server.BaseAddress);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add(await SignInAsync(browser, target.Email.ToUpperInvariant(), "guess " + i, $"198.51.100.{i + 1}"));
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        // Refused even with the right password, until the window passes; other accounts are not affected.
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(browser, target.Email, target.Password, "198.51.100.50"));
        Assert.Equal(HttpStatusCode.Redirect, await SignInAsync(browser, other.Email, other.Password, "198.51.100.51"));
    }

    [Fact]
    public async Task A_trusted_proxy_tells_the_scheme_and_host_and_the_session_cookie_becomes_Secure()
    {
        await using var server = await StartAsync(("Hosting:TrustedProxies", "127.0.0.1"));
        var platform = await server.CreatePlatformAsync("https://platform.example.com/system");
        var url = $"/api/v1/openapi/get_oauth_authorize_url?client_id={platform.ClientId}&state=s";

        using var proxied = new HttpRequestMessage(HttpMethod.Get, url);
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.7");
        proxied.Headers.Add("X-Forwarded-Proto", "https");
        proxied.Headers.Add("X-Forwarded-Host", "reviews.example.com");
        var authorizeUrl = (await (await server.Http.SendAsync(proxied)).ReadEnvelopeAsync()).AssertOk().GetProperty("authorize_url").GetString();
        Assert.StartsWith("https://reviews.example.com/api/v1/openapi/oauth/authorize?", authorizeUrl, StringComparison.Ordinal);

        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        using var form = new HttpRequestMessage(HttpMethod.Get, "/merchant/sign-in");
        form.Headers.Add("X-Forwarded-For", "203.0.113.7");
        form.Headers.Add("X-Forwarded-Proto", "https");
        using var page = await http.SendAsync(form);
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        var fields = new Browser.Page(page.StatusCode, await page.Content.ReadAsStringAsync(), null).Form().Hidden.ToDictionary();
        fields["email"] = merchant.Email;
        fields["password"] = merchant.Password;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/merchant/sign-in") { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        post.Headers.Add("X-Forwarded-For", "203.0.113.7");
        post.Headers.Add("X-Forwarded-Proto", "https");
        using var signedIn = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.Contains("plaudit_merchant", StringComparison.Ordinal));
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_untrusted_peer_cannot_claim_https_or_another_host()
    {
        await using var server = await StartAsync();
        var platform = await server.CreatePlatformAsync("https://platform.example.com/system");
        using var forged = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/openapi/get_oauth_authorize_url?client_id={platform.ClientId}&state=s");
        forged.Headers.Add("X-Forwarded-Proto", "https");
        forged.Headers.Add("X-Forwarded-Host", "evil.example");
        var authorizeUrl = (await (await server.Http.SendAsync(forged)).ReadEnvelopeAsync()).AssertOk().GetProperty("authorize_url").GetString();
        Assert.StartsWith(server.BaseAddress.GetLeftPart(UriPartial.Authority) + "/", authorizeUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_trusted_proxy_entry_stops_the_start()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(("Hosting:TrustedProxies", "10.0.0.0/99")));
        Assert.Contains("Hosting:TrustedProxies", failure.Message, StringComparison.Ordinal);
    }

    private static Task<PlauditServer> StartAsync(params (string Key, string Value)[] settings) =>
        PlauditServer.StartAsync(DatabaseProvider.Sqlite, TestSettings.Shared.With(settings));

    private static async Task<HttpStatusCode> SendEventAsync(PlauditServer server, TestShop shop, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, QueryHelpers.AddQueryString("/storefront/v1/events", "public_token", shop.PublicToken))
        {
            Content = JsonContent.Create(new { event_type = "VIEW_REVIEW", client_id = "c-1", page_url = "https://shop.example.com/p/1" }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await server.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> SignInAsync(Browser browser, string email, string password, string forwardedFor)
    {
        var form = (await browser.GetAsync("/merchant/sign-in")).Form();
        var fields = form.Hidden.ToDictionary();
        fields["email"] = email;
        fields["password"] = password;
        return (await browser.PostFormAsync(form.Action, fields, ("X-Forwarded-For", forwardedFor))).Status;
    }
}
