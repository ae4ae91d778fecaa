using System.CommandLine;
using Plaudit.Server.Demo;
using Plaudit.Server.Emails;
using Plaudit.Server.Hosting;
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
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            if (demo)
            {
                var shop = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
                Console.WriteLine(CliJson.Serialize(shop));
                // Said after the JSON, so a script reading the shop's tokens still reads one object first.
                var transport = scope.ServiceProvider.GetRequiredService<IMailTransport>();
                Console.WriteLine(transport is PickupDirectoryTransport pickup
                    ? $"Review-request emails are not sent: they are written to {pickup.Directory} as .eml files (set Emails:Smtp:Host to send them)."
                    : $"Review-request emails go to the {transport.Description}.");
                Console.WriteLine($"The storefront widget on a demo product page: {app.Urls.FirstOrDefault() ?? "http://localhost:5000"}{Widget.WidgetDemoPage.Path} (once listening)");
            }
        }
        await app.RunAsync();
        return 0;
    }
}
