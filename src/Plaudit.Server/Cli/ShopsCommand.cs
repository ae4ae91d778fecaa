using System.CommandLine;
using Plaudit.Server.Platforms;
using Plaudit.Server.Shops;

namespace Plaudit.Server.Cli;

/// <summary><c>plaudit shops create --name NAME [--domain DOMAIN]</c> (prints the new shop and its tokens as JSON) and <c>shops uninstall --shop ID</c>.</summary>
public static class ShopsCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "The shop's name", Required = true };
        var domain = new Option<string?>("--domain") { Description = "The shop's domain, e.g. example.myshopify.com" };
        var create = new Command("create", "Create a shop and print its id and tokens (the private token is shown only here)");
        create.Options.Add(name);
        create.Options.Add(domain);
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction(async (parseResult, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync([.. parseResult.UnmatchedTokens], cancellationToken);
            await using var scope = host.Services.CreateAsyncScope();
            var shop = await scope.ServiceProvider.GetRequiredService<ShopRegistry>()
                .CreateAsync(parseResult.GetValue(name)!, parseResult.GetValue(domain), cancellationToken);
            Console.WriteLine(CliJson.Serialize(shop));
            return 0;
        });

        var shopId = new Option<long>("--shop") { Description = "The shop's id", Required = true };
        var uninstall = new Command("uninstall", "Mark the shop uninstalled: revoke every platform's authorization and send each app/uninstalled") { shopId };
        uninstall.TreatUnmatchedTokensAsErrors = false;
        uninstall.SetAction((parseResult, cancellationToken) => CliHost.RunAsync([.. parseResult.UnmatchedTokens], async services =>
        {
            var revoked = await services.GetRequiredService<PlatformGrants>().UninstallAsync(parseResult.GetValue(shopId), cancellationToken);
            Console.WriteLine(CliJson.Serialize(new { ShopId = parseResult.GetValue(shopId), Uninstalled = true, RevokedPlatforms = revoked }));
        }, cancellationToken));

        var shops = new Command("shops", "Manage shops");
        shops.Subcommands.Add(create);
        shops.Subcommands.Add(uninstall);
        return shops;
    }
}
