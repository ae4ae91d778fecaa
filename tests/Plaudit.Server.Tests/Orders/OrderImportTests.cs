using System.Globalization;
using System.Text;
using Plaudit.Server.Tests.Cli;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Orders;

/// <summary>Order import (CLI and HTTP), idempotent by order id, and verified purchases.</summary>
[Collection(ServerCollection.Name)]
public sealed class OrderImportTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Fact]
    public async Task The_cli_imports_json_lines_reports_refused_rows_and_is_idempotent()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        var file = await WriteAsync("orders.jsonl",
            """{"order_id":"A-1","order_number":"#1001","customer_email":"Ann@Example.com","ordered_at":"2026-11-01T10:00:00Z","status":"sent","products":[{"product_id":"P1","title":"Mug","quantity":2}]}""",
            """{"order_id":"A-2","customer_email":"not-an-email"}""",
            "",
            """{"order_id":"A-3","customer_email":"bo@example.com","products":[{"product_id":"P2"}]}""",
            """{"order_number":"#1004"}""",
            """{"order_id":"A-4", broken""");

        var first = await ImportAsync(server, shop, file);
        Assert.Equal(1, first.ExitCode);
        Assert.Contains("Imported 2 new orders, updated 0", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("line 2: customer_email is not an email address", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("line 5: order_id is required", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("line 6: not valid JSON", first.Stdout, StringComparison.Ordinal);

        var orders = (await shop.Client.GetAsync(Api + "get_orders")).AssertOk();
        Assert.Equal(2, orders.GetProperty("page").GetProperty("total").GetInt32());
        var a1 = orders.GetProperty("list").EnumerateArray().Single(o => o.GetProperty("id").GetString() == "A-1");
        Assert.Equal("ann@example.com", a1.GetProperty("customer_email").GetString());
        Assert.Equal(3, a1.GetProperty("status").GetInt32());
        Assert.Equal(2, a1.GetProperty("products")[0].GetProperty("quantity").GetInt32());

        // Again, with A-1 changed: updated in place, nothing duplicated.
        var again = await WriteAsync("again.jsonl", """{"order_id":"A-1","order_number":"#1001-B","customer_email":"ann@example.com"}""", """{"order_id":"A-3","customer_email":"bo@example.com"}""");
        var second = await ImportAsync(server, shop, again);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("Imported 0 new orders, updated 2", second.Stdout, StringComparison.Ordinal);
        var after = (await shop.Client.GetAsync(Api + "get_orders")).AssertOk();
        Assert.Equal(2, after.GetProperty("page").GetProperty("total").GetInt32());
        Assert.Equal("#1001-B", after.GetProperty("list").EnumerateArray().Single(o => o.GetProperty("id").GetString() == "A-1").GetProperty("order_number").GetString());
    }

    [Fact]
    public async Task The_cli_imports_csv_with_one_row_per_line_item()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        var file = await WriteAsync("orders.csv",
            "order_id,order_number,customer_name,customer_email,ordered_at,status,product_id,title,quantity",
            "C-1,#1,\"Doe, Jane\",jane@example.com,2026-11-02 09:00:00,1,P1,\"Mug, large\",1",
            "C-1,,,,,,P2,Plate,3",
            "C-2,#2,Bob,bob@example.com,yesterday,1,P1,Mug,1",
            "C-2,,,,,,P3,Bowl,1",
            "C-3,#3,Cy,cy@example.com,,,P4,Cup,zero",
            "C-4,#4,Di,di@example.com,,,,,");

        var result = await ImportAsync(server, shop, file);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Imported 2 new orders", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("line 4: ordered_at is not a time", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("line 6: quantity must be a positive whole number", result.Stdout, StringComparison.Ordinal);
        var orders = (await shop.Client.GetAsync(Api + "get_orders")).AssertOk().GetProperty("list").EnumerateArray().ToList();
        Assert.Equal(["C-1", "C-4"], orders.Select(o => o.GetProperty("id").GetString()).Order());
        var c1 = orders.Single(o => o.GetProperty("id").GetString() == "C-1");
        Assert.Equal("Doe, Jane", c1.GetProperty("customer_name").GetString());
        Assert.Equal(["P1", "P2"], c1.GetProperty("products").EnumerateArray().Select(p => p.GetProperty("product_id").GetString()));
        Assert.Equal("Mug, large", c1.GetProperty("products")[0].GetProperty("title").GetString());
        Assert.Equal(0, orders.Single(o => o.GetProperty("id").GetString() == "C-4").GetProperty("products").GetArrayLength());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task The_http_import_takes_up_to_1000_orders_for_the_shop_only(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();
        var data = (await shop.Client.PostAsync(Api + "import_orders", new
        {
            orders = new object[]
            {
                new { order_id = "H-1", customer_email = "h@example.com", products = new[] { new { product_id = "P1" } } },
                new { order_id = "", customer_email = "x@example.com" },
                new { order_id = "H-2", status = 9 },
            },
        })).AssertOk();
        Assert.Equal(1, data.GetProperty("imported").GetInt32());
        Assert.Equal([(1, "order_id is required"), (2, "status must be 1–6 or one of waiting, scheduled, sent, opened, evaluated, cancelled")],
            data.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("index").GetInt32(), r.GetProperty("reason").GetString())));
        Assert.Equal(0, (await other.Client.GetAsync(Api + "get_orders")).AssertOk().GetProperty("page").GetProperty("total").GetInt32());

        var tooMany = Enumerable.Range(0, 1001).Select(i => new { order_id = "T-" + i }).ToArray();
        (await shop.Client.PostAsync(Api + "import_orders", new { orders = tooMany })).AssertError(11, "1000");
        (await shop.Client.PostAsync(Api + "import_orders", new { })).AssertError(3, "orders");

        var platform = await server.CreatePlatformAsync("https://platform.example.com/system");
        var tokens = await server.AuthorizeAsync(platform, await server.CreateMerchantAsync(shop), "read_orders");
        using var api = server.Bearer(tokens.AccessToken);
        (await api.PostAsync(Api + "import_orders", new { orders = new[] { new { order_id = "X" } } })).AssertError(7);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Reviews_are_verified_by_matching_orders_in_either_order(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        (await shop.Client.PostAsync(Api + "create_shop_webhook", new { topic = "review/updated", url = receiver.Url("/updated") })).AssertOk();

        // A review first, its order later: the import verifies it (and says so with review/updated).
        var early = (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Eve", author_email = "EVE@example.com", product_id = "P1" })).AssertOk();
        Assert.Equal(0, early.GetProperty("is_verified").GetInt32());
        var other = (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Eve", author_email = "eve@example.com", product_id = "P9" })).AssertOk();
        var import = (await shop.Client.PostAsync(Api + "import_orders", new { orders = new[] { new { order_id = "V-1", customer_email = "eve@example.com", products = new[] { new { product_id = "P1" } } } } })).AssertOk();
        Assert.Equal(1, import.GetProperty("verified_reviews").GetInt32());
        var verified = (await shop.Client.GetAsync(Api + "get_review", [new("id", early.GetProperty("id").GetString()!)])).AssertOk();
        Assert.Equal(1, verified.GetProperty("is_verified").GetInt32());
        Assert.Equal("V-1", verified.GetProperty("order_id").GetString());
        Assert.Equal(0, (await shop.Client.GetAsync(Api + "get_review", [new("id", other.GetProperty("id").GetString()!)])).AssertOk().GetProperty("is_verified").GetInt32());
        var updated = (await receiver.WaitForCountAsync("/updated", 1)).Single();
        Assert.Contains("\"order_id\":\"V-1\"", updated.Text, StringComparison.Ordinal);

        // The order first: a new review by that email for that product is verified at once; an explicit is_verified is kept.
        var late = (await shop.Client.PostAsync(Api + "create_review", new { rating = 4, author = "Eve", author_email = "eve@example.com", product_id = "P1" })).AssertOk();
        Assert.Equal(1, late.GetProperty("is_verified").GetInt32());
        Assert.Equal("V-1", late.GetProperty("order_id").GetString());
        var told = (await shop.Client.PostAsync(Api + "create_review", new { rating = 4, author = "Eve", author_email = "eve@example.com", product_id = "P1", is_verified = 0 })).AssertOk();
        Assert.Equal(0, told.GetProperty("is_verified").GetInt32());
    }

    [Fact]
    public async Task Fifty_thousand_orders_import_through_the_cli()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        var path = Path.Combine(Directory.CreateTempSubdirectory("plaudit-orders").FullName, "50k.jsonl");
        await using (var writer = new StreamWriter(path))
        {
            for (var i = 0; i < 50_000; i++)
            {
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $$"""{"order_id":"B-{{i}}","order_number":"#{{i}}","customer_email":"c{{i % 5000}}@example.com","ordered_at":"2026-10-01T00:00:00Z","products":[{"product_id":"P{{i % 300}}","quantity":1}]}"""));
            }
        }
        var result = await ImportAsync(server, shop, path);
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("Imported 50,000 new orders", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(50_000, (await shop.Client.GetAsync(Api + "get_orders", [new("page_size", "1")])).AssertOk().GetProperty("page").GetProperty("total").GetInt32());
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> ImportAsync(PlauditServer server, TestShop shop, string file) =>
        CliProcess.RunAsync(["orders", "import", "--shop", shop.Id.ToString(CultureInfo.InvariantCulture), file],
            new Dictionary<string, string> { ["ConnectionStrings__Plaudit"] = server.ConnectionString });

    private static async Task<string> WriteAsync(string name, params string[] lines)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("plaudit-orders").FullName, name);
        await File.WriteAllTextAsync(path, string.Join('\n', lines) + "\n", Encoding.UTF8);
        return path;
    }
}
