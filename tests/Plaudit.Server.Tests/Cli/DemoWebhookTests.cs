using System.Diagnostics;
using System.Text.Json;
using Plaudit.Client;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Cli;

/// <summary><c>serve --demo</c> is for trying Plaudit out on one machine: its webhooks reach a receiver on loopback.</summary>
public sealed class DemoWebhookTests
{
    [Fact]
    public async Task Serve_demo_delivers_webhooks_to_a_loopback_receiver()
    {
        var folder = Directory.CreateTempSubdirectory("plaudit-demo-webhooks").FullName;
        using var process = Process.Start(CliProcess.StartInfo(
            ["serve", "--urls", "http://127.0.0.1:0", "--demo"],
            new Dictionary<string, string> { ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information", ["ASPNETCORE_ENVIRONMENT"] = "Production" },
            folder))!;
        try
        {
            using var document = JsonDocument.Parse(await CliProcess.ReadJsonObjectAsync(process.StandardOutput, TimeSpan.FromMinutes(1)));
            var shop = document.RootElement;
            using var client = new PlauditClient(await ListeningAddressAsync(process),
                shop.GetProperty("public_token").GetString()!, shop.GetProperty("private_token").GetString()!);
            await using var receiver = await WebhookReceiver.StartAsync();

            (await client.PostAsync("/api/v1/openapi/create_shop_webhook", new { topic = "review/created", url = receiver.Url("/demo") })).AssertOk();
            (await client.PostAsync("/api/v1/openapi/create_review", new { rating = 5, author = "Trying it out" })).AssertOk();
            await receiver.WaitForCountAsync("/demo", 1);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>The server logs its address once listening; read it rather than guessing the port.</summary>
    private static async Task<Uri> ListeningAddressAsync(Process process)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (await process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
        {
            var at = line.IndexOf("http://127.0.0.1:", StringComparison.Ordinal);
            if (at >= 0)
            {
                return new Uri(line[at..].Trim());
            }
        }
        throw new InvalidOperationException("plaudit serve --demo never said where it listens");
    }
}
