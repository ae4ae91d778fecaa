using System.Diagnostics;
using System.Text.Json;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Cli;

[Collection(ServerCollection.Name)]
public sealed class CliTests(Servers servers)
{
    [Fact]
    public async Task Shops_create_prints_the_shop_and_working_tokens()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var (exitCode, stdout, stderr) = await CliProcess.RunAsync(
            ["shops", "create", "--name", "CLI Shop", "--domain", "cli.example.com"],
            new Dictionary<string, string> { ["ConnectionStrings__Plaudit"] = server.ConnectionString });
        Assert.True(exitCode == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var shop = json.RootElement;
        Assert.Equal(JsonValueKind.Number, shop.GetProperty("shop_id").ValueKind);
        Assert.Equal("CLI Shop", shop.GetProperty("name").GetString());
        Assert.Equal("cli.example.com", shop.GetProperty("domain").GetString());

        using var client = new Plaudit.Client.PlauditClient(server.BaseAddress, shop.GetProperty("public_token").GetString()!, shop.GetProperty("private_token").GetString()!);
        (await client.GetAsync("/api/v1/openapi/get_rating")).AssertOk();
    }

    [Fact]
    public async Task Verb_output_is_only_the_result_even_with_information_logs_on()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var (exitCode, stdout, stderr) = await CliProcess.RunAsync(["shops", "create", "--name", "Quiet"],
            new Dictionary<string, string> { ["ConnectionStrings__Plaudit"] = server.ConnectionString, ["Logging__LogLevel__Default"] = "Information" });
        Assert.True(exitCode == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("Quiet", json.RootElement.GetProperty("name").GetString());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Migrate_brings_an_empty_database_up_to_date(DatabaseProvider provider)
    {
        var connectionString = await TestDatabases.CreateAsync(provider);
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Plaudit"] = connectionString,
            ["Database__Provider"] = TestDatabases.ProviderSetting(provider),
        };
        var (exitCode, stdout, stderr) = await CliProcess.RunAsync(["migrate"], environment);
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("up to date", stdout, StringComparison.Ordinal);
        var (again, _, againErr) = await CliProcess.RunAsync(["migrate"], environment);
        Assert.True(again == 0, againErr);
    }

    [Fact]
    public async Task Call_signs_the_request_and_prints_the_response()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        string[] auth = ["--public-token", shop.PublicToken, "--private-token", shop.PrivateToken, "--url", server.BaseAddress.ToString()];

        var create = await CliProcess.RunAsync(["call", "POST", "/api/v1/openapi/create_review", "--body", """{ "rating": 4, "author": "From the CLI" }""", .. auth]);
        Assert.True(create.ExitCode == 0, create.Stdout + create.Stderr);

        var list = await CliProcess.RunAsync(["call", "GET", "get_reviews", "page=1", "page_size=5", "source=api", .. auth]);
        Assert.True(list.ExitCode == 0, list.Stdout + list.Stderr);
        using var json = JsonDocument.Parse(list.Stdout);
        Assert.Equal("From the CLI", json.RootElement.GetProperty("data").GetProperty("list")[0].GetProperty("author").GetString());

        var wrong = await CliProcess.RunAsync(["call", "GET", "get_reviews", "--public-token", shop.PublicToken, "--private-token", "wrong", "--url", server.BaseAddress.ToString()]);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("\"code\": 16", wrong.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_demo_seeds_once_and_prints_the_same_shop_again()
    {
        var folder = Directory.CreateTempSubdirectory("plaudit-demo").FullName;
        var first = await StartDemoAsync(folder);
        var second = await StartDemoAsync(folder);
        Assert.Equal(first.GetProperty("shop_id").GetInt64(), second.GetProperty("shop_id").GetInt64());
        Assert.Equal(first.GetProperty("private_token").GetString(), second.GetProperty("private_token").GetString());
        Assert.True(File.Exists(Path.Combine(folder, "data", "plaudit.db")), "the default SQLite file lives under data/");
    }

    private static async Task<JsonElement> StartDemoAsync(string workingDirectory)
    {
        using var process = Process.Start(CliProcess.StartInfo(
            ["serve", "--urls", "http://127.0.0.1:0", "--demo"],
            new Dictionary<string, string> { ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information" },
            workingDirectory))!;
        try
        {
            var json = await CliProcess.ReadJsonObjectAsync(process.StandardOutput, TimeSpan.FromMinutes(1));
            using var document = JsonDocument.Parse(json);
            var shop = document.RootElement.Clone();
            var ready = await WaitForRatingAsync(process, shop);
            Assert.True(ready > 250, $"expected a few hundred demo reviews, got {ready}");
            return shop;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<int> WaitForRatingAsync(Process process, JsonElement shop)
    {
        // The server prints its address once listening; read it rather than guessing the port.
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        string? address = null;
        while (address is null && await process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
        {
            var at = line.IndexOf("http://127.0.0.1:", StringComparison.Ordinal);
            if (at >= 0)
            {
                address = line[at..].Trim();
            }
        }
        Assert.NotNull(address);
        using var client = new Plaudit.Client.PlauditClient(new Uri(address), shop.GetProperty("public_token").GetString()!, shop.GetProperty("private_token").GetString()!);
        var reviews = (await client.GetAsync("/api/v1/openapi/get_reviews", [new("page_size", "1")])).AssertOk();
        return (int)reviews.GetProperty("page").GetProperty("total").GetInt64();
    }
}
