using System.CommandLine;
using Microsoft.Extensions.Options;
using Plaudit.Server.Hosting;
using Plaudit.Server.Merchants;

namespace Plaudit.Server.Cli;

/// <summary><c>plaudit merchants create --shop ID --email E [--password P]</c>: a shop owner's account and a one-time sign-in link.</summary>
public static class MerchantsCommand
{
    public static Command Create()
    {
        var shop = new Option<long>("--shop") { Description = "The shop's id", Required = true };
        var email = new Option<string>("--email") { Description = "The merchant's email (their sign-in name)", Required = true };
        var password = new Option<string?>("--password") { Description = "A password (at least 8 characters); without one, the sign-in link is the way in" };
        var url = new Option<string?>("--url") { Description = "Plaudit's address for the link (default: the PublicUrl setting, else http://localhost:5000)" };
        var create = new Command("create", "Create a merchant for a shop and print a one-time sign-in link") { shop, email, password, url };
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction((parseResult, cancellationToken) => CliHost.RunAsync([.. parseResult.UnmatchedTokens], async services =>
        {
            var baseUrl = parseResult.GetValue(url) ?? services.GetRequiredService<IOptions<PublicUrlOptions>>().Value.Value ?? "http://localhost:5000";
            if (!Uri.TryCreate(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute, out var baseUri))
            {
                throw new MerchantException("--url must be an absolute URL.");
            }
            var created = await services.GetRequiredService<MerchantAccounts>().CreateAsync(
                parseResult.GetValue(shop), parseResult.GetValue(email)!, parseResult.GetValue(password), baseUri, cancellationToken);
            Console.WriteLine(CliJson.Serialize(created));
        }, cancellationToken));

        var merchants = new Command("merchants", "Manage merchant (shop owner) accounts");
        merchants.Subcommands.Add(create);
        return merchants;
    }
}
