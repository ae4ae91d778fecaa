using System.Globalization;
using System.Text;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.OpenApi;

[Collection(ServerCollection.Name)]
public sealed class HmacAuthenticationTests(Servers servers)
{
    private const string Reviews = "/api/v1/openapi/get_reviews";
    private const string CreateReview = "/api/v1/openapi/create_review";
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Signed_get_with_query_is_accepted(DatabaseProvider provider)
    {
        var (server, shop) = await ShopOn(provider);
        using var request = SpecSigner.Request(HttpMethod.Get, Reviews, shop, [("product_ids", "9228589138176"), ("page_size", "20"), ("page", "1")]);
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertOk();
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Post_body_is_signed_as_raw_bytes_whatever_the_key_order_and_whitespace(DatabaseProvider provider)
    {
        var (server, shop) = await ShopOn(provider);
        var body = "{\n  \"rating\" : 4,\n\t\"content\":\"Nice  fit\",   \"author\": \"Zoë\"\n}";
        using var request = SpecSigner.Request(HttpMethod.Post, CreateReview, shop, body: body);
        var data = (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertOk();
        Assert.Equal("Zoë", data.GetProperty("author").GetString());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_post_body_left_out_of_the_signature_is_rejected_with_code_16(DatabaseProvider provider)
    {
        var (server, shop) = await ShopOn(provider);
        using var request = SpecSigner.Request(HttpMethod.Post, CreateReview, shop, body: """{"rating":5,"author":"Unsigned body"}""", signBody: false);
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertError(16, "body must be signed");
        Assert.Equal(0, await server.QueryAsync(db => Task.FromResult(db.Reviews.Count(r => r.ShopId == shop.Id))));
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Header_names_are_case_insensitive(DatabaseProvider provider)
    {
        var (server, shop) = await ShopOn(provider);
        var ts = SpecSigner.Now();
        using var request = new HttpRequestMessage(HttpMethod.Get, Reviews + "?page=1");
        request.Headers.Add("public-token", shop.PublicToken);
        request.Headers.Add("TIMESTAMP", ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("sign", SpecSigner.Hmac(shop.PrivateToken, SpecSigner.StringToSign([("page", "1")], ts, "")));
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertOk();
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Url_encoded_query_values_are_signed_decoded(DatabaseProvider provider)
    {
        var (server, shop) = await ShopOn(provider);
        using var request = SpecSigner.Request(HttpMethod.Get, Reviews, shop, [("source", "e mail/ü&x"), ("page", "1")]);
        Assert.Contains("e%20mail%2F%C3%BC%26x", request.RequestUri!.ToString(), StringComparison.Ordinal);
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertOk();
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Tampered_query_is_rejected_with_code_16(DatabaseProvider provider)
    {
        var (server, shop) = await ShopOn(provider);
        using var request = SpecSigner.Request(HttpMethod.Get, Reviews, shop, [("page", "1")]);
        request.RequestUri = new Uri(request.RequestUri!.ToString().Replace("page=1", "page=2", StringComparison.Ordinal), UriKind.Relative);
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertError(16, "Sign");
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Tampered_body_is_rejected_with_code_16(DatabaseProvider provider)
    {
        var (server, shop) = await ShopOn(provider);
        using var request = SpecSigner.Request(HttpMethod.Post, CreateReview, shop, body: """{"rating":5,"author":"A"}""");
        request.Content = new StringContent("""{"rating":1,"author":"A"}""", Encoding.UTF8, "application/json");
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertError(16);
        Assert.Equal(0, await server.QueryAsync(db => Task.FromResult(db.Reviews.Count(r => r.ShopId == shop.Id))));
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Wrong_signature_is_rejected_with_code_16(DatabaseProvider provider)
    {
        var (server, shop) = await ShopOn(provider);
        using var request = SpecSigner.Request(HttpMethod.Get, Reviews, shop, tamperSign: s => new string(s.Reverse().ToArray()));
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertError(16);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Signature_made_with_another_shops_key_is_rejected(DatabaseProvider provider)
    {
        var (server, shop) = await ShopOn(provider);
        var other = await server.CreateShopAsync("Other");
        using var request = SpecSigner.Request(HttpMethod.Get, Reviews, shop with { PrivateToken = other.PrivateToken });
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertError(16);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Unknown_public_token_is_rejected_with_code_16(DatabaseProvider provider)
    {
        var (server, shop) = await ShopOn(provider);
        using var request = SpecSigner.Request(HttpMethod.Get, Reviews, shop with { PublicToken = "AAAAAAAAAAAAAAAAAAAAAA==" });
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertError(16, "Public-Token");
    }

    [Theory]
    [InlineData("Public-Token")]
    [InlineData("Timestamp")]
    [InlineData("Sign")]
    public async Task Missing_header_is_rejected_with_code_16(string header)
    {
        var (server, shop) = await ShopOn(DatabaseProvider.Sqlite);
        using var request = SpecSigner.Request(HttpMethod.Get, Reviews, shop);
        request.Headers.Remove(header);
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertError(16, header);
    }

    [Theory]
    [InlineData(-890)]
    [InlineData(890)]
    public async Task Timestamp_just_inside_15_minutes_is_accepted(int offsetSeconds)
    {
        var (server, shop) = await ShopOn(DatabaseProvider.Sqlite);
        using var request = SpecSigner.Request(HttpMethod.Get, Reviews, shop, timestamp: SpecSigner.Now() + offsetSeconds);
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertOk();
    }

    [Theory]
    [InlineData(-910)]
    [InlineData(910)]
    [InlineData(-86_400)]
    public async Task Stale_or_future_timestamp_is_rejected_with_code_4(int offsetSeconds)
    {
        var (server, shop) = await ShopOn(DatabaseProvider.Sqlite);
        using var request = SpecSigner.Request(HttpMethod.Get, Reviews, shop, timestamp: SpecSigner.Now() + offsetSeconds);
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertError(4, "15 minutes");
    }

    [Fact]
    public async Task Non_numeric_timestamp_is_rejected_with_code_16()
    {
        var (server, shop) = await ShopOn(DatabaseProvider.Sqlite);
        using var request = SpecSigner.Request(HttpMethod.Get, Reviews, shop);
        request.Headers.Remove("Timestamp");
        request.Headers.Add("Timestamp", "yesterday");
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertError(16, "Timestamp");
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Authorization_header_selects_the_bearer_path_even_with_valid_hmac_headers(DatabaseProvider provider)
    {
        var (server, shop) = await ShopOn(provider);
        using var request = SpecSigner.Request(HttpMethod.Get, Reviews, shop);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer not-a-real-token");
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertError(16);
    }

    [Fact]
    public async Task Private_token_is_not_stored_in_clear()
    {
        var (server, shop) = await ShopOn(DatabaseProvider.Sqlite);
        var stored = await server.QueryAsync(db => Task.FromResult(db.Shops.Single(s => s.Id == shop.Id).ProtectedPrivateToken));
        Assert.DoesNotContain(shop.PrivateToken, stored, StringComparison.Ordinal);
        var file = server.ConnectionString["Data Source=".Length..];
        foreach (var path in new[] { file, file + "-wal" }.Where(File.Exists))
        {
            var raw = await File.ReadAllBytesAsync(path);
            Assert.Equal(-1, raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(shop.PrivateToken)));
        }
    }

    private async Task<(PlauditServer Server, TestShop Shop)> ShopOn(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        return (server, await server.CreateShopAsync());
    }
}
