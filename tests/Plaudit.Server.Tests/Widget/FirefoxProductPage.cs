using System.Diagnostics;
using System.Text.Json;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Widget;

/// <summary>
/// The widget on a product page in Firefox: Debian's firefox-esr driven over WebDriver BiDi by
/// tests/firefox/widget-in-firefox.mjs (puppeteer-core from npm; scripts/test.sh installs both), since
/// Playwright cannot drive a stock Firefox. The page is the same as <see cref="ProductPage"/>'s: plain
/// HTML at the shop's own origin, photos from a made-up image host. The script acts as a shopper and
/// answers what it saw at each step; the test judges it.
/// </summary>
public static class FirefoxProductPage
{
    public const string Firefox = "/usr/bin/firefox-esr";

    public static string Script => Path.Combine(RepositoryFolder.Root, "tests", "firefox", "widget-in-firefox.mjs");

    public static async Task<JsonElement> RunShopperAsync(PlauditServer server, TestShop shop, string domain, string body)
    {
        Assert.True(File.Exists(Firefox), $"{Firefox} is missing: run the tests with scripts/test.sh, which installs firefox-esr.");
        Assert.True(Directory.Exists(Path.Combine(RepositoryFolder.Root, "tests", "firefox", "node_modules", "puppeteer-core")),
            "tests/firefox/node_modules is missing: run the tests with scripts/test.sh, which installs puppeteer-core.");
        var work = Directory.CreateTempSubdirectory("plaudit-firefox-");
        try
        {
            var photo = Path.Combine(work.FullName, "desk.png");
            await File.WriteAllBytesAsync(photo, TestArtifacts.Png);
            var inputPath = Path.Combine(work.FullName, "input.json");
            await File.WriteAllTextAsync(inputPath, JsonSerializer.Serialize(new
            {
                firefox = Firefox,
                pageUrl = $"https://{domain}/products/widget-test",
                html = $$"""
                    <!DOCTYPE html>
                    <html lang="en">
                    <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>A product</title>
                    <style>body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem}</style></head>
                    <body><main>{{body}}{{ProductPage.ScriptTag(server, shop)}}</main></body>
                    </html>
                    """,
                imageHost = ProductPage.ImageHost,
                pngBase64 = Convert.ToBase64String(TestArtifacts.Png),
                photoPath = photo,
                screenshotDir = TestArtifacts.Directory,
            }));
            var start = new ProcessStartInfo("node", [Script, inputPath])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetDirectoryName(Script)!,
            };
            // Firefox's profile and caches go to the throwaway folder, not to the user's home.
            start.Environment["HOME"] = work.FullName;
            start.Environment["MOZ_CRASHREPORTER_DISABLE"] = "1";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            try
            {
                await process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"the Firefox run did not end: {await stderr}");
            }
            var output = (await stdout).Trim();
            Assert.True(process.ExitCode == 0 && output.StartsWith('{'), $"the Firefox run failed (exit {process.ExitCode}): {output}\n{await stderr}");
            return JsonDocument.Parse(output.Split('\n')[^1]).RootElement.Clone();
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
