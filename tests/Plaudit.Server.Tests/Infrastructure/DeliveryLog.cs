using System.Text.Json;

namespace Plaudit.Server.Tests.Infrastructure;

/// <summary>The attempt log as a merchant reads it: <c>get_webhook_deliveries</c>.</summary>
public static class DeliveryLog
{
    /// <summary>Waits until at least <paramref name="count"/> of the shop's deliveries have <paramref name="status"/>.</summary>
    public static Task<List<JsonElement>> WaitForAsync(TestShop shop, string status, int count) =>
        Eventually.WaitFor(async () =>
        {
            var list = (await shop.Client.GetAsync("/api/v1/openapi/get_webhook_deliveries", [new("status", status), new("page_size", "100")]))
                .AssertOk().GetProperty("list");
            return list.GetArrayLength() >= count ? list.EnumerateArray().ToList() : null;
        });
}
