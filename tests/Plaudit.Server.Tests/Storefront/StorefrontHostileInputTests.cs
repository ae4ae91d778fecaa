using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Storefront;

/// <summary>Anyone on the internet can call the widget endpoints: bad input is a 400 naming the field, never a 500, and stores nothing.</summary>
[Collection(ServerCollection.Name)]
public sealed class StorefrontHostileInputTests(Servers servers)
{
    [Theory]
    [InlineData("events", "[1,2]", "")]
    [InlineData("events", "{\"event_type\": 7}", "event_type")]
    [InlineData("events", "{\"event_type\": \"drop table\"}", "event_type")]
    [InlineData("events", "{\"event_type\": \"VIEW_REVIEW\", \"properties\": [1]}", "properties")]
    [InlineData("events", "{\"event_type\": \"VIEW_REVIEW\", \"properties\": \"x\"}", "properties")]
    [InlineData("events", "{\"event_type\": \"VIEW_REVIEW\", \"client_id\": \"\\u0000\"}", "")]
    [InlineData("events", "{\"event_type\": \"VIEW_REVIEW\", \"client_id\": \"\\ud800\"}", "")]
    [InlineData("events", "{\"event_type\": \"VIEW_REVIEW\"", "")]
    [InlineData("reviews", "{\"rating\": 5, \"author\": \"A\", \"author_email\": \"a@example.com\"}", "content")]
    [InlineData("reviews", "{\"rating\": \"five\", \"author\": \"A\", \"author_email\": \"a@example.com\", \"content\": \"x\"}", "rating")]
    [InlineData("reviews", "{\"rating\": 9, \"author\": \"A\", \"author_email\": \"a@example.com\", \"content\": \"x\"}", "rating")]
    [InlineData("reviews", "{\"rating\": 5, \"author\": \"A\", \"author_email\": \"not-an-email\", \"content\": \"x\"}", "author_email")]
    [InlineData("reviews", "{\"rating\": 5, \"author\": \"A\", \"author_email\": \"a@example.com\", \"content\": \"x\", \"media\": [\"javascript:alert(1)\"]}", "media[0]")]
    [InlineData("reviews", "{\"rating\": 5, \"author\": \"A\", \"author_email\": \"a@example.com\", \"content\": \"x\", \"media\": [{\"url\": 1}]}", "media")]
    [InlineData("reviews", "{\"rating\": 5, \"author\": \"A\", \"author_email\": \"a@example.com\", \"content\": \"x\", \"product_id\": {\"$gt\": 1}}", "product_id")]
    public async Task Bad_bodies_are_400_naming_the_field_and_store_nothing(string path, string body, string field)
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        using var response = await server.Http.PostAsync($"/storefront/v1/{path}?public_token={Uri.EscapeDataString(shop.PublicToken)}",
            new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_argument", error.GetProperty("error").GetString());
        Assert.Contains(field, error.GetProperty("message").GetString());
        Assert.Equal(0, await server.QueryAsync(db => Task.FromResult(db.CustomerEvents.Count(e => e.ShopId == shop.Id) + db.Reviews.Count(r => r.ShopId == shop.Id))));
    }

    [Theory]
    [InlineData("sort=random", "sort")]
    [InlineData("page=0", "page")]
    [InlineData("page_size=500", "page_size")]
    [InlineData("page=abc", "page")]
    public async Task Bad_list_queries_are_400_naming_the_parameter(string query, string field)
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        using var response = await server.Http.GetAsync($"/storefront/v1/reviews?public_token={Uri.EscapeDataString(shop.PublicToken)}&{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
    }
}
