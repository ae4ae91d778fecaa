using System.Text.Json;
using Plaudit.Server.Tests.Infrastructure;
using static Plaudit.Server.Tests.Infrastructure.SubscriptionShapes;

namespace Plaudit.Server.Tests.Webhooks;

/// <summary>
/// <c>Webhooks:MaxPayloadBytes</c>: a test event's <c>data</c> beyond it is refused to the caller; a real
/// event beyond it is not sent, but kept as a failed delivery that says why and can be resent.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PayloadCapTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Send_test_webhook_refuses_data_beyond_256_KiB_with_code_11(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        (await CreateTrustooAsync(shop.Client, receiver.Url("/big"))).AssertOk();

        var tooBig = JsonSerializer.Serialize(new { topic = "review/created", data = new { content = new string('x', 262_144) } });
        (await shop.Client.SendAsync(HttpMethod.Post, Api + "send_test_webhook", jsonBody: tooBig)).AssertError(11, "data");

        var fits = JsonSerializer.Serialize(new { topic = "review/created", data = new { content = new string('y', 200_000) } });
        (await shop.Client.SendAsync(HttpMethod.Post, Api + "send_test_webhook", jsonBody: fits)).AssertOk();
        var received = await receiver.WaitForCountAsync("/big", 1);
        Assert.Single(received);
        Assert.Contains("yyyy", received[0].Text, StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_real_event_beyond_the_cap_is_kept_as_a_failed_delivery_that_says_why_and_is_sent_once_the_cap_is_raised(DatabaseProvider provider)
    {
        var first = await PlauditServer.StartAsync(provider, TestSettings.FastWebhooks.With(("Webhooks:MaxPayloadBytes", "2048"), ("Webhooks:RetryDelays", "0")));
        TestShop shop;
        await using var receiver = await WebhookReceiver.StartAsync();
        await using (first)
        {
            shop = await first.CreateShopAsync();
            (await CreateTrustooAsync(shop.Client, receiver.Url("/long-review"))).AssertOk();
            (await shop.Client.PostAsync(Api + "create_review", new { rating = 4, author = "Verbose", content = new string('z', 3000) })).AssertOk();

            var failed = (await DeliveryLog.WaitForAsync(shop, "failed", 1)).Single();
            Assert.Contains("Webhooks:MaxPayloadBytes", failed.GetProperty("last_error").GetString(), StringComparison.Ordinal);
            Assert.Empty(receiver.Received);
        }

        // The operator raises the cap (here: back to the default) and the merchant resends.
        await using var raised = await PlauditServer.StartSecondNodeAsync(first, TestSettings.FastWebhooks);
        using var client = new Plaudit.Client.PlauditClient(raised.BaseAddress, shop.PublicToken, shop.PrivateToken);
        var id = (await DeliveryLog.WaitForAsync(shop with { Client = client }, "failed", 1)).Single().GetProperty("id").GetString();
        (await client.PostAsync(Api + "resend_webhook_delivery", new { id })).AssertOk();
        var delivered = (await receiver.WaitForCountAsync("/long-review", 1)).Single();
        Assert.Contains(new string('z', 3000), delivered.Text, StringComparison.Ordinal);
    }
}
