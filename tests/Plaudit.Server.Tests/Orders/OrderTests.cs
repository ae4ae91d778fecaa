using Plaudit.Server.Orders;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Orders;

[Collection(ServerCollection.Name)]
public sealed class OrderTests(Servers servers)
{
    [Theory, ClassData(typeof(BothProviders))]
    public async Task Get_orders_lists_filters_and_sorts(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await server.ExecuteAsync(async services =>
        {
            var db = services.GetDb();
            db.Orders.AddRange(
                NewOrder(shop.Id, "1001", OrderStatus.Sent, t0, t0.AddDays(7)),
                NewOrder(shop.Id, "1002", OrderStatus.Waiting, t0.AddDays(1), null),
                NewOrder(shop.Id, "1003", OrderStatus.Evaluated, t0.AddDays(2), t0.AddDays(9)));
            await db.SaveChangesAsync();
        });

        async Task<string[]> Ids(params (string, string)[] query) =>
            (await shop.Client.GetAsync("/api/v1/openapi/get_orders", query.Select(q => new KeyValuePair<string, string>(q.Item1, q.Item2)))).AssertOk()
                .GetProperty("list").EnumerateArray().Select(o => o.GetProperty("id").GetString()!).ToArray();

        Assert.Equal(["1003", "1002", "1001"], await Ids());
        Assert.Equal(["1001", "1002", "1003"], await Ids(("sort_by", "created-ascending")));
        Assert.Equal(["1001", "1002", "1003"], await Ids(("type", "0"), ("sort_by", "created-ascending"), ("start_sent_at", ""), ("end_sent_at", "")));
        Assert.Equal(["1002"], await Ids(("type", "1")));
        Assert.Equal(["1003", "1001"], await Ids(("start_sent_at", "2026-01-08T00:00:00Z"), ("end_sent_at", "2026-01-10T00:00:00Z")));
        Assert.Equal(["1001"], await Ids(("end_sent_at", "2026-01-09 00:00:00")));
        Assert.Equal(["1002", "1001"], await Ids(("end_time", "2026-01-02T00:00:00Z")));
        Assert.Equal(["1003"], await Ids(("start_time", "1767312001")));

        var order = (await shop.Client.GetAsync("/api/v1/openapi/get_orders", [new("type", "3")])).AssertOk().GetProperty("list")[0];
        Assert.Equal("#1001", order.GetProperty("order_number").GetString());
        Assert.Equal("buyer1001@example.com", order.GetProperty("customer_email").GetString());
        Assert.Equal(3, order.GetProperty("status").GetInt32());
        Assert.Equal("sent", order.GetProperty("status_name").GetString());
        Assert.Equal("2026-01-08T00:00:00Z", order.GetProperty("sent_at").GetString());
        Assert.Equal("P-1", order.GetProperty("products")[0].GetProperty("product_id").GetString());
    }

    [Theory]
    [InlineData("type", "9", "type must be between 0 and 6")]
    [InlineData("sort_by", "price", "sort_by must be one of")]
    [InlineData("start_time", "noon", "start_time must be")]
    public async Task Invalid_order_filters_are_code_3(string name, string value, string message)
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        (await shop.Client.GetAsync("/api/v1/openapi/get_orders", [new(name, value)])).AssertError(3, message);
    }

    private static Order NewOrder(long shopId, string id, int status, DateTime orderedAt, DateTime? sentAt) => new()
    {
        ShopId = shopId,
        OrderId = id,
        OrderNumber = "#" + id,
        CustomerName = "Buyer " + id,
        CustomerEmail = $"buyer{id}@example.com",
        Status = status,
        Lines = [new OrderLine("P-1", "V-1", "Thing", 1)],
        OrderedAt = orderedAt,
        SentAt = sentAt,
        CreatedAt = orderedAt,
        UpdatedAt = orderedAt,
    };
}
