using System.Net;
using System.Text.Json;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Cli;

/// <summary><c>platforms create|list|rotate-secret</c>, <c>merchants create</c> and <c>shops uninstall</c> as real processes.</summary>
[Collection(ServerCollection.Name)]
public sealed class PlatformCliTests(Servers servers)
{
    [Fact]
    public async Task Platforms_are_created_listed_and_their_secret_rotated()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var env = new Dictionary<string, string> { ["ConnectionStrings__Plaudit"] = server.ConnectionString };
        var clientId = "cli-" + Guid.NewGuid().ToString("N")[..8];

        var created = await CliProcess.RunAsync(
            ["platforms", "create", "--name", "Insta Feed", "--client-id", clientId, "--redirect-uri", "https://insta.example.com/cb",
             "--redirect-uri", "https://insta.example.com/cb2", "--webhook-url", "https://insta.example.com/hooks", "--scopes", "read_reviews,write_reviews"], env);
        Assert.True(created.ExitCode == 0, created.Stderr);
        var platform = JsonDocument.Parse(created.Stdout).RootElement;
        Assert.Equal(clientId, platform.GetProperty("client_id").GetString());
        var secret = platform.GetProperty("client_secret").GetString()!;
        Assert.True(secret.Length >= 40, secret);
        Assert.Equal(["https://insta.example.com/cb", "https://insta.example.com/cb2"], platform.GetProperty("redirect_uris").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(["read_reviews", "write_reviews"], platform.GetProperty("scopes").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal("confidential", platform.GetProperty("client_type").GetString());

        var listed = await CliProcess.RunAsync(["platforms", "list"], env);
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        Assert.Contains(clientId, listed.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("client_secret", listed.Stdout, StringComparison.Ordinal);

        var duplicate = await CliProcess.RunAsync(["platforms", "create", "--name", "Again", "--client-id", clientId, "--redirect-uri", "https://x.example.com/cb", "--webhook-url", "https://x.example.com/h"], env);
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("already exists", duplicate.Stderr, StringComparison.Ordinal);
        var badScope = await CliProcess.RunAsync(["platforms", "create", "--name", "Bad", "--redirect-uri", "https://x.example.com/cb", "--webhook-url", "https://x.example.com/h", "--scopes", "read_all"], env);
        Assert.Equal(1, badScope.ExitCode);
        Assert.Contains("read_all", badScope.Stderr, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, await RevokeWithAsync(server, clientId, secret));
        var rotated = await CliProcess.RunAsync(["platforms", "rotate-secret", clientId], env);
        Assert.True(rotated.ExitCode == 0, rotated.Stderr);
        var newSecret = JsonDocument.Parse(rotated.Stdout).RootElement.GetProperty("client_secret").GetString()!;
        Assert.NotEqual(secret, newSecret);
        Assert.Equal(HttpStatusCode.Unauthorized, await RevokeWithAsync(server, clientId, secret));
        Assert.Equal(HttpStatusCode.OK, await RevokeWithAsync(server, clientId, newSecret));
    }

    [Fact]
    public async Task Merchants_create_prints_a_working_sign_in_link_and_shops_uninstall_tells_platforms()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        await using var receiver = await WebhookReceiver.StartAsync();
        var env = new Dictionary<string, string> { ["ConnectionStrings__Plaudit"] = server.ConnectionString };
        var shop = await server.CreateShopAsync();
        var email = $"cli-{Guid.NewGuid():N}@example.com";

        var created = await CliProcess.RunAsync(["merchants", "create", "--shop", shop.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--email", email, "--url", server.BaseAddress.ToString()], env);
        Assert.True(created.ExitCode == 0, created.Stderr);
        var merchant = JsonDocument.Parse(created.Stdout).RootElement;
        Assert.Equal(email, merchant.GetProperty("email").GetString());
        var link = new Uri(merchant.GetProperty("sign_in_link").GetString()!);
        using var browser = new Browser(server.BaseAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync(await browser.GetAsync(link.PathAndQuery))).Status);

        var platform = await server.CreatePlatformAsync(receiver.Url("/system"));
        var tokens = await server.AuthorizeAsync(platform, await server.CreateMerchantAsync(shop), "read_reviews");
        var uninstall = await CliProcess.RunAsync(["shops", "uninstall", "--shop", shop.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], env);
        Assert.True(uninstall.ExitCode == 0, uninstall.Stderr);
        Assert.Contains(platform.ClientId, uninstall.Stdout, StringComparison.Ordinal);
        var received = await receiver.WaitForAsync(all => all.Any(r => r.Text.Contains("app/uninstalled", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
        OAuthKit.AssertSystemSignature(received.Single(r => r.Text.Contains("app/uninstalled", StringComparison.Ordinal)), platform.ClientSecret);
        using var api = server.Bearer(tokens.AccessToken);
        (await api.GetAsync("/api/v1/openapi/get_reviews")).AssertError(7);

        var unknownShop = await CliProcess.RunAsync(["merchants", "create", "--shop", "999999999", "--email", "x@example.com"], env);
        Assert.Equal(1, unknownShop.ExitCode);
        Assert.Contains("No shop", unknownShop.Stderr, StringComparison.Ordinal);
    }

    /// <summary>RFC 7009: revoking an unknown token is 200 once the client authenticates, 401 invalid_client otherwise.</summary>
    private static async Task<HttpStatusCode> RevokeWithAsync(PlauditServer server, string clientId, string secret)
    {
        using var response = await server.Http.PostAsync(OAuthKit.Revoke, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = "unknown-token", ["client_id"] = clientId, ["client_secret"] = secret,
        }));
        return response.StatusCode;
    }
}
