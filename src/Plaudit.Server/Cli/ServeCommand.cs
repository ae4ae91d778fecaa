using System.CommandLine;
using Microsoft.Extensions.Options;
using Plaudit.Server.Demo;
using Plaudit.Server.Emails;
using Plaudit.Server.Hosting;
using Plaudit.Server.Merchants;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Cli;

/// <summary><c>plaudit serve [--urls URL] [--demo]</c>: migrate, optionally seed the demo shop, serve.</summary>
public static class ServeCommand
{
    private static readonly Option<string?> Urls = new("--urls") { Description = "Addresses to listen on, e.g. http://127.0.0.1:5000" };
    private static readonly Option<bool> Demo = new("--demo")
    {
        Description = "Create the demo shop (once) and print its tokens; webhooks may go to receivers on this machine and network",
    };

    public static Command Create()
    {
        var command = new Command("serve", "Apply migrations and serve the API (the default verb)");
        AddTo(command);
        return command;
    }

    /// <summary>Gives <paramref name="command"/> serve's options and action; the root gets them too, making serve the default.</summary>
    public static void AddTo(Command command)
    {
        command.Options.Add(Urls);
        command.Options.Add(Demo);
        // Anything else (e.g. --Database:Provider postgres) is configuration, as in any ASP.NET Core app.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) =>
            RunAsync(parseResult.GetValue(Urls), parseResult.GetValue(Demo), [.. parseResult.UnmatchedTokens], cancellationToken));
    }

    private static async Task<int> RunAsync(string? urls, bool demo, string[] configurationArgs, CancellationToken cancellationToken)
    {
        var args = urls is null ? configurationArgs : [.. configurationArgs, "--urls", urls];
        var app = PlauditWebApp.Build(args, tryingOut: demo);
        long? demoMerchant = null;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            if (demo)
            {
                var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
                var shop = await seeder.SeedAsync(cancellationToken);
                demoMerchant = await seeder.EnsureMerchantAsync(shop.ShopId, cancellationToken);
                Console.WriteLine(CliJson.Serialize(shop));
                // Said after the JSON, so a script reading the shop's tokens still reads one object first.
                var transport = scope.ServiceProvider.GetRequiredService<IMailTransport>();
                Console.WriteLine(transport is PickupDirectoryTransport pickup
                    ? $"Review-request emails are not sent: they are written to {pickup.Directory} as .eml files (set Emails:Smtp:Host to send them)."
                    : $"Review-request emails go to the {transport.Description}.");
            }
        }
        await app.StartAsync(cancellationToken);
        if (demoMerchant is { } merchantId)
        {
            // Printed once listening, with the address the server really has (a port of 0 is chosen at start).
            var baseUrl = BaseUrl(app);
            await using var scope = app.Services.CreateAsyncScope();
            var (link, expiresAt) = await scope.ServiceProvider.GetRequiredService<MerchantAccounts>().CreateSignInLinkAsync(merchantId, baseUrl, cancellationToken);
            Console.WriteLine($"The merchant dashboard of the demo shop: {link} (a one-time sign-in link, valid until {expiresAt:yyyy-MM-dd HH:mm} UTC; restart for a new one)");
            Console.WriteLine($"The storefront widget on a demo product page: {new Uri(baseUrl, Widget.WidgetDemoPage.Path)}");
        }
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    /// <summary>PublicUrl when set, else the first address the server listens on (a wildcard host named as localhost).</summary>
    private static Uri BaseUrl(WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<PublicUrlOptions>>().Value.Url is { } configured)
        {
            return configured;
        }
        var address = app.Urls.FirstOrDefault() ?? "http://localhost:5000";
        var builder = new UriBuilder(address);
        if (builder.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*")
        {
            builder.Host = "localhost";
        }
        return builder.Uri;
    }
}
