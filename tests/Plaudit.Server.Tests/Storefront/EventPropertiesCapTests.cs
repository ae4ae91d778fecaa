using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Storefront;

/// <summary><c>Storefront:MaxEventPropertiesBytes</c>: a public caller cannot store, and fan out to every webhook, an event of any size.</summary>
[Collection(ServerCollection.Name)]
public sealed class EventPropertiesCapTests(Servers servers)
{
    [Theory, ClassData(typeof(BothProviders))]
    public async Task Event_properties_up_to_8_KB_are_recorded_and_larger_are_refused_with_413(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();

        var fits = await PostEventAsync(server, shop, PropertiesOfBytes(8192));
        Assert.Equal(HttpStatusCode.Accepted, fits.StatusCode);

        var tooBig = await PostEventAsync(server, shop, PropertiesOfBytes(8193));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Contains("properties", (await tooBig.ReadEnvelopeAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await shop.Client.GetAsync("/api/v1/openapi/get_customer_events")).AssertOk().GetProperty("list").GetArrayLength());
    }

    [Fact]
    public async Task The_properties_cap_is_configurable()
    {
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, TestSettings.FastWebhooks.With(("Storefront:MaxEventPropertiesBytes", "100")));
        var shop = await server.CreateShopAsync();

        Assert.Equal(HttpStatusCode.Accepted, (await PostEventAsync(server, shop, PropertiesOfBytes(100))).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostEventAsync(server, shop, PropertiesOfBytes(101))).StatusCode);
    }

    /// <summary>A properties object whose JSON text is exactly <paramref name="bytes"/> bytes: <c>{"k":"xxx…"}</c>.</summary>
    private static Dictionary<string, string> PropertiesOfBytes(int bytes) => new() { ["k"] = new string('x', bytes - """{"k":""}""".Length) };

    private static Task<HttpResponseMessage> PostEventAsync(PlauditServer server, TestShop shop, Dictionary<string, string> properties) =>
        server.Http.PostAsJsonAsync(
            QueryHelpers.AddQueryString("/storefront/v1/events", "public_token", shop.PublicToken),
            new { event_type = "VIEW_REVIEW", client_id = "c-1", properties });
}
