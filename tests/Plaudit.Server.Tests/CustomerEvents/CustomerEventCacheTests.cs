using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.CustomerEvents;

/// <summary>Shoppers record events on every page view: that must not cost the shop its cached reviews.</summary>
[Collection(ServerCollection.Name)]
public sealed class CustomerEventCacheTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_customer_event_keeps_the_review_etag_and_shows_in_get_customer_events_at_once(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Ann", content = "Good", product_id = "P1" })).AssertOk();
        var list = QueryHelpers.AddQueryString("/storefront/v1/reviews", new Dictionary<string, string?> { ["public_token"] = shop.PublicToken, ["product_id"] = "P1" });
        var before = (await server.Http.GetAsync(list)).Headers.ETag!.ToString();
        var version = await server.QueryAsync(db => Task.FromResult(db.Shops.Single(s => s.Id == shop.Id).DataVersion));
        Assert.Empty((await shop.Client.GetAsync(Api + "get_customer_events")).AssertOk().GetProperty("list").EnumerateArray());

        for (var i = 0; i < 3; i++)
        {
            var recorded = await server.Http.PostAsJsonAsync(QueryHelpers.AddQueryString("/storefront/v1/events", "public_token", shop.PublicToken),
                new { event_type = "VIEW_WIDGET", client_id = "c-" + i, page_url = "https://shop.example.com/p/1" });
            Assert.Equal(HttpStatusCode.Accepted, recorded.StatusCode);
            Assert.Equal(i + 1, (await shop.Client.GetAsync(Api + "get_customer_events")).AssertOk().GetProperty("list").GetArrayLength());
        }

        Assert.Equal(version, await server.QueryAsync(db => Task.FromResult(db.Shops.Single(s => s.Id == shop.Id).DataVersion)));
        Assert.Equal(before, (await server.Http.GetAsync(list)).Headers.ETag!.ToString());

        // What the list shows does change it.
        (await shop.Client.PostAsync(Api + "create_review", new { rating = 4, author = "Bo", content = "Fine", product_id = "P1" })).AssertOk();
        Assert.NotEqual(before, (await server.Http.GetAsync(list)).Headers.ETag!.ToString());
    }
}
