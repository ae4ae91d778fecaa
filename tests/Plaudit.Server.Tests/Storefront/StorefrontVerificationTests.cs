using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Storefront;

/// <summary>
/// A storefront submission is anonymous: knowing a buyer's email proves nothing, so it never earns
/// the verified-purchase badge (not at submission, not when the order is imported later) and the
/// answer says nothing about what anyone bought. Its source is <c>storefront</c>, as spec 3.6 names it.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StorefrontVerificationTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_storefront_review_by_a_buyers_email_is_not_verified_and_the_answer_tells_nothing_of_the_purchase(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        (await shop.Client.PostAsync(Api + "update_shop_settings", new { auto_publish_reviews = 1 })).AssertOk();
        await ImportOrderAsync(shop, "O-16", "customer16@example.com", "P16");

        using var submitted = await server.Http.PostAsJsonAsync(Url(shop, "reviews"),
            new { product_id = "P16", rating = 1, author = "Not Them", author_email = "Customer16@Example.com", content = "Did they buy it?" });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var answer = await submitted.ReadEnvelopeAsync();
        Assert.Equal(["id", "status"], answer.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Equal("published", answer.GetProperty("status").GetString());

        var listed = (await (await server.Http.GetAsync(Url(shop, "reviews", ("product_id", "P16")))).ReadEnvelopeAsync())
            .GetProperty("reviews").EnumerateArray().Single();
        Assert.False(listed.GetProperty("is_verified").GetBoolean());
        var stored = (await shop.Client.GetAsync(Api + "get_review", [new("id", answer.GetProperty("id").GetString()!)])).AssertOk();
        Assert.Equal(0, stored.GetProperty("is_verified").GetInt32());
        Assert.Equal("", stored.GetProperty("order_id").GetString());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task An_order_imported_after_a_storefront_review_does_not_verify_it(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        using var submitted = await server.Http.PostAsJsonAsync(Url(shop, "reviews"),
            new { product_id = "P17", rating = 5, author = "Guess", author_email = "customer17@example.com", content = "Waiting for the badge." });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await submitted.ReadEnvelopeAsync()).GetProperty("id").GetString()!;

        var import = await ImportOrderAsync(shop, "O-17", "customer17@example.com", "P17");
        Assert.Equal(0, import.GetProperty("verified_reviews").GetInt32());
        var stored = (await shop.Client.GetAsync(Api + "get_review", [new("id", id)])).AssertOk();
        Assert.Equal(0, stored.GetProperty("is_verified").GetInt32());
        Assert.Equal("", stored.GetProperty("order_id").GetString());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task The_shops_own_create_review_is_still_verified_by_the_buyers_email(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        await ImportOrderAsync(shop, "O-18", "customer18@example.com", "P18");
        var created = (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Buyer", author_email = "customer18@example.com", product_id = "P18" })).AssertOk();
        Assert.Equal(1, created.GetProperty("is_verified").GetInt32());
        Assert.Equal("O-18", created.GetProperty("order_id").GetString());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_review_token_nobody_issued_is_refused_and_nothing_is_stored(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        await ImportOrderAsync(shop, "O-19", "customer19@example.com", "P19");
        using var submitted = await server.Http.PostAsJsonAsync(Url(shop, "reviews"),
            new { product_id = "P19", rating = 5, author = "Forger", author_email = "customer19@example.com", content = "Trust me.", review_token = "O-19" });
        Assert.Equal(HttpStatusCode.BadRequest, submitted.StatusCode);
        Assert.Contains("review_token", (await submitted.ReadEnvelopeAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await shop.Client.GetAsync(Api + "get_reviews")).AssertOk().GetProperty("page").GetProperty("total").GetInt32());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_storefront_review_has_source_storefront(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        using var submitted = await server.Http.PostAsJsonAsync(Url(shop, "reviews"),
            new { product_id = "P20", rating = 4, author = "Shopper", author_email = "shopper20@example.com", content = "Fine." });
        var id = (await submitted.ReadEnvelopeAsync()).GetProperty("id").GetString()!;
        Assert.Equal("storefront", (await shop.Client.GetAsync(Api + "get_review", [new("id", id)])).AssertOk().GetProperty("source").GetString());
        var filtered = (await shop.Client.GetAsync(Api + "get_reviews", [new("source", "storefront")])).AssertOk().GetProperty("list");
        Assert.Equal(id, filtered.EnumerateArray().Single().GetProperty("id").GetString());
    }

    private static async Task<JsonElement> ImportOrderAsync(TestShop shop, string orderId, string email, string productId) =>
        (await shop.Client.PostAsync(Api + "import_orders", new { orders = new[] { new { order_id = orderId, customer_email = email, products = new[] { new { product_id = productId } } } } })).AssertOk();

    private static string Url(TestShop shop, string path, params (string Key, string Value)[] query)
    {
        var parameters = new Dictionary<string, string?> { ["public_token"] = shop.PublicToken };
        foreach (var (key, value) in query)
        {
            parameters[key] = value;
        }
        return QueryHelpers.AddQueryString("/storefront/v1/" + path, parameters);
    }
}
