using System.Net;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Dashboard;

/// <summary>The dashboard on several nodes over one PostgreSQL database: a session and a form made on one node work on another.</summary>
public sealed class DashboardNodesTests
{
    [Fact]
    public async Task A_merchant_signed_in_on_one_node_uses_the_dashboard_and_its_forms_on_another()
    {
        var keyFile = Path.Combine(Directory.CreateTempSubdirectory("plaudit-keyfile").FullName, "keyring.key");
        var settings = TestSettings.Shared.With(("DataProtection:KeyFile", keyFile));
        await using var nodeA = await PlauditServer.StartAsync(DatabaseProvider.Postgres, settings);
        await using var nodeB = await PlauditServer.StartSecondNodeAsync(nodeA, settings);
        var merchant = await DashboardShop.SeedAsync(nodeA);

        using var onA = new Browser(nodeA.BaseAddress);
        await onA.SignInAsync(merchant.Email, merchant.Password);
        // Cookies belong to a host, not a port: the same browser pointed at node B sends the session made on A.
        using var onB = new Browser(nodeB.BaseAddress, onA.Cookies);
        var overview = await onB.GetAsync("/merchant");
        Assert.Equal(HttpStatusCode.OK, overview.Status);
        Assert.Contains("Dashboard Shop", overview.Html, StringComparison.Ordinal);

        // A form rendered by node A, posted to node B: the antiforgery token is read with the shared key ring.
        var form = (await onA.GetAsync("/merchant/customers")).Forms().Single(f => f.Hidden.Any(h => h.Key == "_handler" && h.Value == "add")).Hidden.ToDictionary();
        form["email"] = "across@example.com";
        var added = await onB.PostFormAsync("/merchant/customers", form);
        Assert.Equal(HttpStatusCode.Redirect, added.Status);
        Assert.Contains("done=added", added.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("across@example.com", (await onA.GetAsync("/merchant/customers")).Html, StringComparison.Ordinal);
    }
}
