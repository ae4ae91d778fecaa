using System.CommandLine;
using Plaudit.Server.Platforms;

namespace Plaudit.Server.Cli;

/// <summary><c>plaudit platforms create|list|rotate-secret</c>: third-party platforms that integrate through OAuth.</summary>
public static class PlatformsCommand
{
    public static Command Create()
    {
        var platforms = new Command("platforms", "Manage third-party platforms (OAuth clients)");
        platforms.Subcommands.Add(CreateVerb());
        platforms.Subcommands.Add(ListVerb());
        platforms.Subcommands.Add(RotateSecretVerb());
        return platforms;
    }

    private static Command CreateVerb()
    {
        var name = new Option<string>("--name") { Description = "The platform's name, shown to merchants on the consent page", Required = true };
        var redirectUris = new Option<string[]>("--redirect-uri") { Description = "A redirect URI (repeat for several); matched exactly", Required = true, AllowMultipleArgumentsPerToken = false };
        var webhookUrl = new Option<string>("--webhook-url") { Description = "Where system webhooks (app/authorized, ...) are sent", Required = true };
        var scopes = new Option<string[]>("--scopes") { Description = "Scopes the platform may ask for (space- or comma-separated; default all)", AllowMultipleArgumentsPerToken = true };
        var clientId = new Option<string?>("--client-id") { Description = "The client_id (default: from the name, e.g. 'insta-feed')" };
        var isPublic = new Option<bool>("--public") { Description = "A public client (no secret at the token endpoint; PKCE S256 required)" };
        var command = new Command("create", "Register a platform and print its client_id and client_secret (the secret is shown only here)")
        {
            name, redirectUris, webhookUrl, scopes, clientId, isPublic,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync([.. parseResult.UnmatchedTokens], async services =>
        {
            var created = await services.GetRequiredService<PlatformRegistry>().CreateAsync(
                parseResult.GetValue(name)!, parseResult.GetValue(clientId), parseResult.GetValue(redirectUris) ?? [],
                parseResult.GetValue(webhookUrl)!, parseResult.GetValue(scopes), parseResult.GetValue(isPublic), cancellationToken);
            Console.WriteLine(CliJson.Serialize(created));
        }, cancellationToken));
        return command;
    }

    private static Command ListVerb()
    {
        var command = new Command("list", "List platforms (without secrets) as JSON");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync([.. parseResult.UnmatchedTokens], async services =>
            Console.WriteLine(CliJson.Serialize(await services.GetRequiredService<PlatformRegistry>().ListAsync(cancellationToken))), cancellationToken));
        return command;
    }

    private static Command RotateSecretVerb()
    {
        var clientId = new Argument<string>("client-id") { Description = "The platform's client_id" };
        var command = new Command("rotate-secret", "Replace a platform's client secret (the old one stops working at once) and print the new one") { clientId };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync([.. parseResult.UnmatchedTokens], async services =>
            Console.WriteLine(CliJson.Serialize(await services.GetRequiredService<PlatformRegistry>().RotateSecretAsync(parseResult.GetValue(clientId)!, cancellationToken))),
            cancellationToken));
        return command;
    }
}
