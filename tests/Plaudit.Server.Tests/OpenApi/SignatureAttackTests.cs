using Microsoft.EntityFrameworkCore;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Plaudit.Client;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.OpenApi;

/// <summary>
/// An attacker who saw one signed request, or received one webhook, tries to act as the shop. Each
/// test here was accepted before the fix it names.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SignatureAttackTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_query_timestamp_from_2001_with_a_fresh_header_is_code_16(DatabaseProvider provider)
    {
        var (server, shop) = await ShopOn(provider);
        // Signed over the query's timestamp, as a signature captured in 2001 would be.
        var sign = SpecSigner.Hmac(shop.PrivateToken, "page_size=1&timestamp=1000000000");
        using var request = Raw(HttpMethod.Get, Api + "get_orders?page_size=1&timestamp=1000000000", shop, SpecSigner.Now(), sign);
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertError(16, "timestamp");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1e9")]
    [InlineData("")]
    public async Task A_query_timestamp_that_is_not_the_headers_digits_is_code_16(string value)
    {
        var (server, shop) = await ShopOn(DatabaseProvider.Sqlite);
        var ts = SpecSigner.Now();
        var sign = SpecSigner.Hmac(shop.PrivateToken, $"page=1&timestamp={value}");
        using var request = Raw(HttpMethod.Get, Api + $"get_reviews?page=1&timestamp={Uri.EscapeDataString(value)}", shop, ts, sign);
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertError(16, "timestamp");
    }

    [Fact]
    public async Task A_query_timestamp_equal_to_the_header_is_signed_once_and_accepted()
    {
        var (server, shop) = await ShopOn(DatabaseProvider.Sqlite);
        var ts = SpecSigner.Now();
        var sign = SpecSigner.Hmac(shop.PrivateToken, $"page=1&timestamp={ts}");
        using var request = Raw(HttpMethod.Get, Api + $"get_reviews?page=1&timestamp={ts}", shop, ts, sign);
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertOk();

        using var twice = Raw(HttpMethod.Get, Api + $"get_reviews?page=1&timestamp={ts}&timestamp={ts}", shop, ts, SpecSigner.Hmac(shop.PrivateToken, $"page=1&timestamp={ts}&timestamp={ts}"));
        (await (await server.Http.SendAsync(twice)).ReadEnvelopeAsync()).AssertError(16, "timestamp");
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_trustoo_delivery_sent_back_as_a_request_opens_nothing(DatabaseProvider provider)
    {
        var (server, shop) = await ShopOn(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        (await shop.Client.PostAsync(Api + "create_shop_webhook", new { topic = "review/created", url = receiver.Url("/hook") })).AssertOk();
        (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Ann", author_email = "ann@example.com", content = "Great" })).AssertOk();
        var delivery = (await receiver.WaitForCountAsync("/hook", 1))[0];
        var ts = long.Parse(delivery.Header(TrustooWebhookSignature.TimestampHeader), CultureInfo.InvariantCulture);
        var sign = delivery.Header(TrustooWebhookSignature.SignHeader);
        var body = delivery.Text;

        // 1. The body smuggled into a query timestamp (the reported skeleton key).
        using (var query = Raw(HttpMethod.Get, Api + "get_orders?timestamp=" + Uri.EscapeDataString(ts + "|" + body), shop, ts, sign))
        {
            (await (await server.Http.SendAsync(query)).ReadEnvelopeAsync()).AssertError(16);
        }
        // 2. The delivery as the body of a read, and of writes of every method.
        foreach (var (method, path) in new[] { (HttpMethod.Get, "get_orders"), (HttpMethod.Get, "get_shop_webhooks"), (HttpMethod.Post, "create_review"), (HttpMethod.Put, "update_shop_webhook"), (HttpMethod.Post, "create_customer_exclude") })
        {
            using var request = Raw(method, Api + path, shop, ts, sign, body);
            (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertError(16);
        }
        using (var shoplazza = Raw(HttpMethod.Post, "/openapi/2022-01/webhooks", shop, ts, sign, body))
        {
            Assert.Equal(401, (int)(await server.Http.SendAsync(shoplazza)).StatusCode);
        }
        Assert.Equal(1, await server.QueryAsync(db => Task.FromResult(db.Reviews.Count(r => r.ShopId == shop.Id))));
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_parameters_only_signature_with_a_body_is_code_16_for_every_method_and_shape(DatabaseProvider provider)
    {
        var (server, shop) = await ShopOn(provider);
        var trustoo = (await shop.Client.PostAsync(Api + "create_shop_webhook", new { topic = "review/created", url = "https://hooks.example.com/a" })).AssertOk().GetProperty("id").GetString();
        var shoplazza = (await shop.Client.SendAsync(HttpMethod.Post, "/openapi/2022-01/webhooks", jsonBody: """{"address":"https://hooks.example.com/s","topic":"review/created"}""")).Root.GetProperty("webhook").GetProperty("id").ToString();
        var truto = (await shop.Client.SendAsync(HttpMethod.Post, "/webhook", jsonBody: """{"target_url":"https://hooks.example.com/t","event_types":["review:created"]}""")).Root.GetProperty("id").GetString();

        var attacker = "https://attacker.example.com/steal";
        var attempts = new (HttpMethod Method, string Path, string Body, int Status)[]
        {
            (HttpMethod.Put, Api + "update_shop_webhook", $$"""{"id":"{{trustoo}}","url":"{{attacker}}"}""", 200),
            (HttpMethod.Delete, Api + "delete_shop_webhook", $$"""{"id":"{{trustoo}}"}""", 200),
            (HttpMethod.Put, $"/openapi/2022-01/webhooks/{shoplazza}", $$"""{"address":"{{attacker}}","topic":"review/created"}""", 401),
            (HttpMethod.Patch, $"/webhook/{truto}", $$"""{"target_url":"{{attacker}}"}""", 401),
            (HttpMethod.Delete, $"/webhook/{truto}", """{"x":1}""", 401),
        };
        foreach (var (method, path, body, status) in attempts)
        {
            using var request = SpecSigner.Request(method, path, shop, body: body, signBody: false);
            var response = await server.Http.SendAsync(request);
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Contains("body must be signed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var urls = await server.QueryAsync(db => Task.FromResult(db.WebhookSubscriptions.Where(w => w.ShopId == shop.Id).Select(w => w.Url).ToList()));
        Assert.Equal(3, urls.Count);
        Assert.DoesNotContain(attacker, urls);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_signed_write_is_accepted_once_and_a_read_any_number_of_times(DatabaseProvider provider)
    {
        var (server, shop) = await ShopOn(provider);
        var ts = SpecSigner.Now();
        var body = """{"email":"once@example.com"}""";
        using (var first = SpecSigner.Request(HttpMethod.Post, Api + "create_customer_exclude", shop, body: body, timestamp: ts))
        {
            (await (await server.Http.SendAsync(first)).ReadEnvelopeAsync()).AssertOk();
        }
        using (var replay = SpecSigner.Request(HttpMethod.Post, Api + "create_customer_exclude", shop, body: body, timestamp: ts))
        {
            (await (await server.Http.SendAsync(replay)).ReadEnvelopeAsync()).AssertError(16, "already used");
        }
        for (var i = 0; i < 3; i++)
        {
            using var read = SpecSigner.Request(HttpMethod.Get, Api + "get_customer_excludes", shop, timestamp: ts);
            (await (await server.Http.SendAsync(read)).ReadEnvelopeAsync()).AssertOk();
        }
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_captured_read_signature_does_not_work_as_a_bodiless_write(DatabaseProvider provider)
    {
        var (server, shop) = await ShopOn(provider);
        var trustoo = (await shop.Client.PostAsync(Api + "create_shop_webhook", new { topic = "review/created", url = "https://hooks.example.com/a" })).AssertOk().GetProperty("id").GetString()!;
        var truto = (await shop.Client.SendAsync(HttpMethod.Post, "/webhook", jsonBody: """{"target_url":"https://hooks.example.com/t","event_types":["review:created"]}""")).Root.GetProperty("id").GetString()!;
        var ts = SpecSigner.Now();

        // The shop reads (the attacker sees these headers), ...
        var readSign = SpecSigner.Hmac(shop.PrivateToken, $"id={trustoo}&timestamp={ts}");
        using (var read = Raw(HttpMethod.Get, Api + $"get_review?id={trustoo}", shop, ts, readSign))
        {
            Assert.Equal(200, (int)(await server.Http.SendAsync(read)).StatusCode);
        }
        var listSign = SpecSigner.Hmac(shop.PrivateToken, $"timestamp={ts}");
        using (var list = Raw(HttpMethod.Get, "/webhook", shop, ts, listSign))
        {
            Assert.Equal(200, (int)(await server.Http.SendAsync(list)).StatusCode);
        }

        // ... and the same headers come back as deletes, which sign exactly the same strings.
        using (var delete = Raw(HttpMethod.Delete, Api + $"delete_shop_webhook?id={trustoo}", shop, ts, readSign))
        {
            (await (await server.Http.SendAsync(delete)).ReadEnvelopeAsync()).AssertError(16, "already signed a read");
        }
        using (var delete = Raw(HttpMethod.Delete, $"/webhook/{truto}", shop, ts, listSign))
        {
            var response = await server.Http.SendAsync(delete);
            Assert.Equal(401, (int)response.StatusCode);
            Assert.Contains("already signed a read", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(2, await server.QueryAsync(db => db.WebhookSubscriptions.CountAsync(w => w.ShopId == shop.Id)));

        // A write signed for itself still works, without a body too (a nonce keeps it apart from the read in the same second).
        using (var genuine = SpecSigner.Request(HttpMethod.Delete, Api + "delete_shop_webhook", shop, [("id", trustoo), ("nonce", "delete-1")], timestamp: ts))
        {
            (await (await server.Http.SendAsync(genuine)).ReadEnvelopeAsync()).AssertOk();
        }
        Assert.Equal(1, await server.QueryAsync(db => db.WebhookSubscriptions.CountAsync(w => w.ShopId == shop.Id)));
    }

    [Fact]
    public async Task A_write_accepted_by_one_node_is_refused_by_another()
    {
        await using var first = await PlauditServer.StartAsync(DatabaseProvider.Postgres, TestSettings.Shared);
        await using var second = await PlauditServer.StartSecondNodeAsync(first, TestSettings.Shared);
        var shop = await first.CreateShopAsync();
        var ts = SpecSigner.Now();
        var body = """{"email":"nodes@example.com"}""";
        using (var request = SpecSigner.Request(HttpMethod.Post, Api + "create_customer_exclude", shop, body: body, timestamp: ts))
        {
            (await (await first.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertOk();
        }
        using (var replay = SpecSigner.Request(HttpMethod.Post, Api + "create_customer_exclude", shop, body: body, timestamp: ts))
        {
            (await (await second.Http.SendAsync(replay)).ReadEnvelopeAsync()).AssertError(16, "already used");
        }
    }

    [Theory]
    [InlineData("%7B%22a%22")]
    [InlineData("a%3Db")]
    [InlineData("a%26b")]
    [InlineData("a%7Cb")]
    public async Task A_query_parameter_name_with_separators_or_json_is_code_16(string encodedName)
    {
        var (server, shop) = await ShopOn(DatabaseProvider.Sqlite);
        var ts = SpecSigner.Now();
        var name = Uri.UnescapeDataString(encodedName);
        var sign = SpecSigner.Hmac(shop.PrivateToken, SpecSigner.StringToSign([(name, "1")], ts, ""));
        using var request = Raw(HttpMethod.Get, Api + $"get_reviews?{encodedName}=1", shop, ts, sign);
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertError(16, "names");
    }

    [Fact]
    public async Task Credentials_are_refused_before_an_unauthenticated_body_is_read()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var stream = tcp.GetStream();
        // Announces a body it never sends: a server that waits for the body before checking
        // credentials never answers.
        var head = $"POST {Api}create_review HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: 500000\r\n\r\n{{\"rating\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer, timeout.Token);
        var response = Encoding.UTF8.GetString(buffer, 0, read);
        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Contains("\"code\":16", response, StringComparison.Ordinal);
    }

    [Fact]
    public void The_read_cache_key_tells_repeated_values_from_commas_and_encoded_separators()
    {
        static string? Key(string query)
        {
            var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
            http.Request.Path = "/api/v1/openapi/get_reviews";
            http.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query);
            http.Features.Set(new Plaudit.Server.OpenApi.Authentication.ApiCaller(1, null, null, 7));
            return Plaudit.Server.OpenApi.ReadCache.KeyFor(http);
        }
        Assert.NotEqual(Key("?rating=1&rating=2"), Key("?rating=1,2"));
        Assert.NotEqual(Key("?a=1&b=2"), Key("?a=1%26b%3D2"));
        Assert.NotEqual(Key("?a=1"), Key("?a=1&a="));
        Assert.Equal(Key("?page=1&timestamp=5"), Key("?page=1"));
        Assert.Equal(Key("?b=2&a=1"), Key("?a=1&b=2"));
    }

    private static HttpRequestMessage Raw(HttpMethod method, string pathAndQuery, TestShop shop, long timestamp, string sign, string? body = null)
    {
        var request = new HttpRequestMessage(method, pathAndQuery);
        request.Headers.Add("Public-Token", shop.PublicToken);
        request.Headers.Add("Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Sign", sign);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        return request;
    }

    private async Task<(PlauditServer Server, TestShop Shop)> ShopOn(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        return (server, await server.CreateShopAsync());
    }
}
