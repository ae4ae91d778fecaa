using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Plaudit.Client;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Shops;

namespace Plaudit.Bench;

/// <summary>
/// Requests as shoppers' browsers and integrators send them: the widget's list and event calls
/// (with the shop's Origin, as a browser sends them), review submissions, and signed Open API
/// calls. Every write carries a new body.
/// </summary>
public sealed class ShopperTraffic(Uri server, CreatedShop shop, int products)
{
    public const string Origin = "https://shop.example.com";
    private static readonly string[] EventTypes = ["VIEW_WIDGET", "VIEW_REVIEW", "EXPAND_CONTENT", "CLICK_MEDIA", "CLICK_REVIEW"];
    private static readonly string[] Sorts = ["newest", "newest", "newest", "highest", "lowest", "oldest"];
    private static long _sequence;
    private readonly string _token = Uri.EscapeDataString(shop.PublicToken);

    public string RandomProduct() => ReviewSeeder.ProductId(Random.Shared.Next(products));

    /// <summary>A product page's widget: a random product, mostly the first page sorted newest.</summary>
    public async Task<bool> StorefrontListAsync(HttpClient http)
    {
        var page = Random.Shared.Next(10) == 0 ? 2 : 1;
        var url = $"{server}storefront/v1/reviews?public_token={_token}&product_id={RandomProduct()}&page={page}&sort={Sorts[Random.Shared.Next(Sorts.Length)]}";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Origin", Origin);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode && body.Length > 0 && body[0] == '{';
    }

    public async Task<bool> StorefrontEventAsync(HttpClient http)
    {
        var n = Interlocked.Increment(ref _sequence);
        var json = string.Create(CultureInfo.InvariantCulture,
            $$"""{"event_type":"{{EventTypes[n % EventTypes.Length]}}","client_id":"c-{{n % 5000}}","page_url":"{{Origin}}/products/product-{{n % products}}","device_type":"mobile","os_type":"ios","properties":{"product_id":"{{RandomProduct()}}","n":{{n}} } }""");
        return await PostAsync(http, $"{server}storefront/v1/events?public_token={_token}", json, 202);
    }

    public async Task<bool> StorefrontSubmissionAsync(HttpClient http)
    {
        var n = Interlocked.Increment(ref _sequence);
        var json = string.Create(CultureInfo.InvariantCulture,
            $$"""{"product_id":"{{RandomProduct()}}","rating":{{1 + n % 5}},"author":"Shopper {{n}}","author_email":"shopper{{n}}@example.com","title":"Review {{n}}","content":"Bought it for my sister; she wears it every day. Review number {{n}}."}""");
        return await PostAsync(http, $"{server}storefront/v1/reviews?public_token={_token}", json, 201);
    }

    private static async Task<bool> PostAsync(HttpClient http, string url, string json, int expectedStatus)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", Origin);
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode == expectedStatus;
    }

    /// <summary>Signed get_reviews of a random product, exactly as an integrator sends it.</summary>
    public async Task<bool> SignedGetReviewsAsync(HttpClient http)
    {
        var body = await SignedGetAsync(http, "get_reviews", RandomProduct());
        return body.AsSpan().StartsWith("{\"code\":0,"u8);
    }

    public async Task<byte[]> SignedGetAsync(HttpClient http, string endpoint, string productId)
    {
        KeyValuePair<string, string>[] query = [new("product_ids", productId), new("page_size", "20"), new("page", "1")];
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{server}{OpenApiRequestMiddleware.PathPrefix.TrimStart('/')}/{endpoint}?{QueryParameters.Build(query)}");
        request.Headers.Add("Public-Token", shop.PublicToken);
        request.Headers.Add("Timestamp", timestamp);
        request.Headers.Add("Sign", OpenApiSignature.Sign(shop.PrivateToken, query, timestamp, []));
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsByteArrayAsync() : [];
    }

    /// <summary>Signed create_review with a new body and a nonce, as the SDK sends a write.</summary>
    public async Task<bool> SignedCreateReviewAsync(HttpClient http)
    {
        var n = Interlocked.Increment(ref _sequence);
        var body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$"""{"product_id":"{{RandomProduct()}}","rating":{{1 + n % 5}},"author":"Buyer {{n}}","author_email":"buyer{{n}}@example.com","title":"Imported {{n}}","content":"Imported from the old platform, review {{n}}.","source":"import","is_published":1}"""));
        KeyValuePair<string, string>[] query = [new("nonce", n.ToString(CultureInfo.InvariantCulture))];
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{server}{OpenApiRequestMiddleware.PathPrefix.TrimStart('/')}/create_review?{QueryParameters.Build(query)}")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add("Public-Token", shop.PublicToken);
        request.Headers.Add("Timestamp", timestamp);
        request.Headers.Add("Sign", OpenApiSignature.Sign(shop.PrivateToken, query, timestamp, body));
        using var response = await http.SendAsync(request);
        var answer = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode && answer.AsSpan().StartsWith("{\"code\":0,"u8);
    }
}
