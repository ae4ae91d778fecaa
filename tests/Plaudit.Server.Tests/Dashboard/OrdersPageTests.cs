using System.Net;
using System.Text;
using Microsoft.Playwright;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Dashboard;

/// <summary>The orders page: the list with its filters, and a file import streamed with its progress and rejected rows.</summary>
[Collection(ServerCollection.Name)]
public sealed class OrdersPageTests(Servers servers)
{
    /// <summary>Orders of the last few days, so their review requests are still scheduled (seven days after the order).</summary>
    private static readonly string Csv = $"""
        order_id,order_number,customer_name,customer_email,ordered_at,product_id,title,quantity
        9001,#9001,Ana Lima,ana@example.com,{Day(4)},P1,Walnut desk,1
        9002,#9002,Ben Ode,ben@example.com,{Day(3)},P2,Oak chair,2
        9002,#9002,Ben Ode,ben@example.com,{Day(3)},P1,Walnut desk,1
        ,#9003,No Id,noid@example.com,{Day(2)},P1,Walnut desk,1
        9004,#9004,Cy <b>Bold</b>,cy@example.com,{Day(1)},P2,Oak chair,1
        """;

    private static string Day(int daysAgo) => DateTime.UtcNow.Date.AddDays(-daysAgo).AddHours(10).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_merchant_imports_a_csv_sees_the_rejected_rows_and_finds_the_orders()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await DashboardShop.SeedAsync(server);
        await using var dashboard = await DashboardBrowser.SignInAsync(server, merchant);
        var page = dashboard.Page;
        await dashboard.GotoAsync("/merchant/orders");
        await Assertions.Expect(page.GetByText("No orders yet")).ToBeVisibleAsync();

        await page.GetByLabel("File").SetInputFilesAsync(new FilePayload { Name = "orders.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(Csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import finished" })).ToBeVisibleAsync();
        var facts = page.Locator("[role=status] ul.facts li");
        await Assertions.Expect(facts.Nth(0)).ToHaveTextAsync("3 new orders");
        await Assertions.Expect(facts.Nth(2)).ToHaveTextAsync("1 rejected");
        await Assertions.Expect(page.Locator("ol.progress li").Last).ToHaveTextAsync("4 orders processed");
        var rejected = page.Locator("table tbody tr");
        await Assertions.Expect(rejected).ToHaveCountAsync(1);
        await Assertions.Expect(rejected.Locator("td").First).ToHaveTextAsync("5");
        await Assertions.Expect(rejected.Locator("td").Last).ToContainTextAsync("order_id");
        await dashboard.AssertAccessibleAsync("the import report");
        await dashboard.ScreenshotAsync("dashboard-orders-import.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to orders" }).ClickAsync();
        var rows = page.Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        // Orders, not file lines: two lines of order 9002 are one order. Newest first; the customer's name is text, not markup.
        await Assertions.Expect(rows.First).ToContainTextAsync("Cy <b>Bold</b>");
        await Assertions.Expect(rows.Nth(1).Locator("li")).ToHaveCountAsync(2);
        await Assertions.Expect(rows.First.Locator(".badge")).ToHaveTextAsync("scheduled");
        await dashboard.AssertAccessibleAsync("the orders page");
        await dashboard.ScreenshotAsync("dashboard-orders.png");

        await page.GetByLabel("Order number, order id or customer email").FillAsync("BEN@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("#9002");
        await page.GetByLabel("Order number, order id or customer email").FillAsync("");
        await page.GetByLabel("Status").SelectOptionAsync("cancelled");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No orders match")).ToBeVisibleAsync();
        dashboard.AssertNoProblems();

        var listed = (await merchant.Shop.Client.GetAsync(DashboardShop.Api + "get_orders")).AssertOk();
        Assert.Contains("\"9004\"", listed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_needs_the_session_and_the_antiforgery_token_and_lands_in_the_sessions_shop_only()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var owner = await DashboardShop.SeedAsync(server);
        var other = await DashboardShop.SeedAsync(server, "Other Shop");

        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        using var unsigned = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Csv)), "file", "orders.csv" } };
        var refused = await anonymous.PostAsync("/merchant/orders/import", unsigned);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/merchant/sign-in", refused.Headers.Location!.AbsolutePath);

        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(other.Email, other.Password);
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = browser.Cookies, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        using var noToken = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Csv)), "file", "orders.csv" } };
        var forged = await http.PostAsync("/merchant/orders/import", noToken);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var token = (await browser.GetAsync("/merchant/orders")).Forms().Single(f => f.Action == "/merchant/orders/import").Hidden.Single();
        using var genuine = new MultipartFormDataContent
        {
            { new StringContent(token.Value), token.Key },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Csv)), "file", "orders.csv" },
        };
        var imported = await http.PostAsync("/merchant/orders/import", genuine);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Contains("3</strong> new orders", await imported.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("\"9004\"", (await other.Shop.Client.GetAsync(DashboardShop.Api + "get_orders")).AssertOk().ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"9004\"", (await owner.Shop.Client.GetAsync(DashboardShop.Api + "get_orders")).AssertOk().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_filters_and_files_get_a_page_never_a_server_error()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await DashboardShop.SeedAsync(server);
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);
        foreach (var query in new[] { "?status=%3Cscript%3E&before=abc", "?before=99999999999999999999.1", "?before=1.-1&q=%00", "?q=" + new string('x', 5000) })
        {
            var page = await browser.GetAsync("/merchant/orders" + query);
            // A NUL anywhere in a query is refused before routing (400), as on every path.
            Assert.True(page.Status == (query.Contains("%00", StringComparison.Ordinal) ? HttpStatusCode.BadRequest : HttpStatusCode.OK), $"{query}: {page.Status}");
            Assert.DoesNotContain("<script>", page.Html, StringComparison.Ordinal);
        }

        using var http = new HttpClient(new HttpClientHandler { CookieContainer = browser.Cookies, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        foreach (var (name, bytes) in new[]
        {
            ("binary.jsonl", new byte[] { 0, 1, 2, 0xff, 0xfe, (byte)'\n', (byte)'{' }),
            ("nul.csv", Encoding.UTF8.GetBytes("order_id,customer_email\n1\u0000,a@example.com\n")),
            ("empty.csv", Array.Empty<byte>()),
        })
        {
            var token = (await browser.GetAsync("/merchant/orders")).Forms().Single(f => f.Action == "/merchant/orders/import").Hidden.Single();
            using var form = new MultipartFormDataContent { { new StringContent(token.Value), token.Key }, { new ByteArrayContent(bytes), "file", name } };
            var answer = await http.PostAsync("/merchant/orders/import", form);
            var html = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{name}: {answer.StatusCode}");
            Assert.Contains("</html>", html, StringComparison.Ordinal);
        }
    }
}
