using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Plaudit.Client;
using Plaudit.Server.Hosting;
using Plaudit.Server.Shops;
using Plaudit.Server.Storage;
using Plaudit.Server.Tests.Cli;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Security;

/// <summary>
/// The Data Protection key ring (which decrypts every private token and client secret) is never
/// stored in clear: a dump of the database alone decrypts nothing, while servers that have the key
/// file or master key keep reading every secret, across restarts, nodes and key changes.
/// </summary>
public sealed class KeyRingAtRestTests
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_dump_of_the_key_table_holds_no_clear_key_material(DatabaseProvider provider)
    {
        await using var server = await PlauditServer.StartAsync(provider, Settings(provider, KeyFileFor(provider)));
        var shop = await server.CreateShopAsync();
        (await shop.Client.GetAsync(Api + "get_rating")).AssertOk();

        var material = ClearKeyMaterial(server);
        Assert.NotEmpty(material);
        var dump = await DumpAsync(server);
        Assert.DoesNotContain("<masterKey", dump, StringComparison.Ordinal);
        Assert.Contains("encryptedSecret", dump, StringComparison.Ordinal);
        Assert.All(material, secret => Assert.DoesNotContain(secret, dump, StringComparison.Ordinal));
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_server_restarted_with_its_key_file_reads_old_secrets_and_one_without_it_refuses_to_start(DatabaseProvider provider)
    {
        var keyFile = KeyFileFor(provider);
        var first = await PlauditServer.StartAsync(provider, Settings(provider, keyFile));
        var shop = await first.CreateShopAsync();
        var platform = await first.CreatePlatformAsync("https://platform.example.com/system");
        await first.DisposeAsync();

        // SQLite: the key file is beside the database file, not in it; mode 0600.
        keyFile ??= Path.Combine(Path.GetDirectoryName(first.ConnectionString["Data Source=".Length..])!, "keyring.key");
        Assert.True(File.Exists(keyFile), keyFile);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        await using (var restarted = await PlauditServer.StartOnAsync(provider, first.ConnectionString, Settings(provider, keyFile)))
        {
            using var client = new PlauditClient(restarted.BaseAddress, shop.PublicToken, shop.PrivateToken);
            (await client.GetAsync(Api + "get_reviews")).AssertOk();
            Assert.Equal(platform.ClientSecret, await restarted.ExecuteAsync(services => Task.FromResult(
                services.GetRequiredService<Plaudit.Server.Platforms.PlatformSecrets>().UnprotectCached(
                    services.GetRequiredService<PlauditDbContext>().Platforms.Single(p => p.ClientId == platform.ClientId).ProtectedClientSecret))));
        }

        // Lost key file: the start stops and says which file is missing, rather than making a new one.
        var aside = keyFile + ".aside";
        File.Move(keyFile, aside);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => PlauditServer.StartOnAsync(provider, first.ConnectionString, Settings(provider, keyFile)));
        Assert.Contains(keyFile, failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(keyFile), "no new key file is made while the ring needs the old one");
        File.Move(aside, keyFile);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Rewrap_with_a_new_master_key_keeps_secrets_readable_and_the_old_master_key_no_longer_suffices(DatabaseProvider provider)
    {
        var oldKey = NewMasterKey();
        var newKey = NewMasterKey();
        var keyFile = KeyFileFor(provider);
        var first = await PlauditServer.StartAsync(provider, Settings(provider, keyFile).With(("DataProtection:MasterKey", oldKey)));
        var shop = await first.CreateShopAsync();
        await first.DisposeAsync();

        var (exitCode, stdout, stderr) = await CliProcess.RunAsync(["keys", "rewrap", "--old-master-key", oldKey], new Dictionary<string, string>
        {
            ["Database__Provider"] = TestDatabases.ProviderSetting(provider),
            ["ConnectionStrings__Plaudit"] = first.ConnectionString,
            ["DataProtection__MasterKey"] = newKey,
            ["DataProtection__KeyFile"] = keyFile ?? "",
        });
        Assert.True(exitCode == 0, stdout + stderr);
        Assert.Contains("DataProtection:MasterKey", stdout, StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            PlauditServer.StartOnAsync(provider, first.ConnectionString, Settings(provider, keyFile).With(("DataProtection:MasterKey", oldKey))));
        Assert.Contains("master key", refused.Message, StringComparison.Ordinal);

        await using var renewed = await PlauditServer.StartOnAsync(provider, first.ConnectionString, Settings(provider, keyFile).With(("DataProtection:MasterKey", newKey)));
        using var client = new PlauditClient(renewed.BaseAddress, shop.PublicToken, shop.PrivateToken);
        (await client.GetAsync(Api + "get_reviews")).AssertOk();
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Setting_a_master_key_rewraps_the_key_file_ring_at_start(DatabaseProvider provider)
    {
        var masterKey = NewMasterKey();
        var keyFile = KeyFileFor(provider) ?? Path.Combine(Directory.CreateTempSubdirectory("plaudit-keyfile").FullName, "keyring.key");
        var first = await PlauditServer.StartAsync(provider, Settings(provider, keyFile));
        var shop = await first.CreateShopAsync();
        await first.DisposeAsync();

        await (await PlauditServer.StartOnAsync(provider, first.ConnectionString, Settings(provider, keyFile).With(("DataProtection:MasterKey", masterKey)))).DisposeAsync();
        // The key file is no longer needed.
        File.Delete(keyFile);
        await using var server = await PlauditServer.StartOnAsync(provider, first.ConnectionString, Settings(provider, keyFile).With(("DataProtection:MasterKey", masterKey)));
        using var client = new PlauditClient(server.BaseAddress, shop.PublicToken, shop.PrivateToken);
        (await client.GetAsync(Api + "get_reviews")).AssertOk();
        Assert.False(File.Exists(keyFile), "with a master key no key file is made");
        Assert.DoesNotContain("<masterKey", await DumpAsync(server), StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Keys_an_earlier_version_stored_in_clear_are_wrapped_at_start_and_still_read(DatabaseProvider provider)
    {
        var connectionString = await TestDatabases.CreateAsync(provider);
        var keyFile = KeyFileFor(provider);
        var shop = await CreateShopAsEarlierVersionAsync(provider, connectionString, keyFile);

        await using var server = await PlauditServer.StartOnAsync(provider, connectionString, Settings(provider, keyFile));
        var dump = await DumpAsync(server);
        Assert.DoesNotContain("<masterKey", dump, StringComparison.Ordinal);
        Assert.Contains("encryptedSecret", dump, StringComparison.Ordinal);
        using var client = new PlauditClient(server.BaseAddress, shop.PublicToken, shop.PrivateToken);
        (await client.GetAsync(Api + "get_reviews")).AssertOk();
    }

    [Fact]
    public async Task PostgreSQL_nodes_with_the_same_key_file_share_the_ring_and_a_node_with_another_refuses_to_start()
    {
        var keyFile = KeyFileFor(DatabaseProvider.Postgres)!;
        await using var nodeA = await PlauditServer.StartAsync(DatabaseProvider.Postgres, Settings(DatabaseProvider.Postgres, keyFile));
        var shopA = await nodeA.CreateShopAsync();
        await using var nodeB = await PlauditServer.StartSecondNodeAsync(nodeA, Settings(DatabaseProvider.Postgres, keyFile));
        var shopB = await nodeB.CreateShopAsync();
        using (var onB = new PlauditClient(nodeB.BaseAddress, shopA.PublicToken, shopA.PrivateToken))
        using (var onA = new PlauditClient(nodeA.BaseAddress, shopB.PublicToken, shopB.PrivateToken))
        {
            (await onB.GetAsync(Api + "get_reviews")).AssertOk();
            (await onA.GetAsync(Api + "get_reviews")).AssertOk();
        }

        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            PlauditServer.StartSecondNodeAsync(nodeA, Settings(DatabaseProvider.Postgres, KeyFileFor(DatabaseProvider.Postgres))));
        Assert.Contains("copy it from another node", missing.Message, StringComparison.Ordinal);

        var otherKeyFile = KeyFileFor(DatabaseProvider.Postgres)!;
        await using (var elsewhere = await PlauditServer.StartAsync(DatabaseProvider.Postgres, Settings(DatabaseProvider.Postgres, otherKeyFile)))
        {
            await elsewhere.CreateShopAsync();
        }
        var other = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            PlauditServer.StartSecondNodeAsync(nodeA, Settings(DatabaseProvider.Postgres, otherKeyFile)));
        Assert.Contains("same key file", other.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// What an earlier version did: the same services, Data Protection without an XML encryptor, so
    /// the keys it made are stored in clear.
    /// </summary>
    private static async Task<(string PublicToken, string PrivateToken)> CreateShopAsEarlierVersionAsync(DatabaseProvider provider, string connectionString, string? keyFile)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = TestDatabases.ProviderSetting(provider),
            ["ConnectionStrings:Plaudit"] = connectionString,
            ["DataProtection:KeyFile"] = keyFile,
        }).Build();
        var services = new ServiceCollection().AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)).AddSingleton<IConfiguration>(configuration);
        services.AddPlaudit(configuration);
        services.PostConfigure<KeyManagementOptions>(options => options.XmlEncryptor = null);
        await using var provided = services.BuildServiceProvider();
        await using var scope = provided.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var shop = await scope.ServiceProvider.GetRequiredService<ShopRegistry>().CreateAsync("Old Shop", null, CancellationToken.None);
        var stored = await scope.ServiceProvider.GetRequiredService<PlauditDbContext>().DataProtectionKeys.Select(k => k.Xml).ToListAsync();
        Assert.Contains(stored, xml => xml!.Contains("<masterKey", StringComparison.Ordinal));
        return (shop.PublicToken, shop.PrivateToken);
    }

    /// <summary>Each key's secret as Data Protection holds it in memory (base64), to look for in a dump.</summary>
    private static List<string> ClearKeyMaterial(PlauditServer server) =>
        [.. server.Services.GetRequiredService<IKeyManager>().GetAllKeys()
            .SelectMany(key => key.Descriptor.ExportToXml().SerializedDescriptorElement.Descendants("masterKey"))
            .Select(masterKey => (string)masterKey.Element("value")!)];

    /// <summary>What a stolen backup would hold: the SQLite files byte for byte, or the PostgreSQL table's rows.</summary>
    private static async Task<string> DumpAsync(PlauditServer server)
    {
        if (server.Provider == DatabaseProvider.Sqlite)
        {
            var file = server.ConnectionString["Data Source=".Length..];
            var dump = new StringBuilder();
            foreach (var path in new[] { file, file + "-wal" }.Where(File.Exists))
            {
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream, Encoding.Latin1);
                dump.Append(await reader.ReadToEndAsync());
            }
            return dump.ToString();
        }
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT string_agg(t::text, E'\\n') FROM data_protection_keys t", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>SQLite uses the default (beside the database file); PostgreSQL gets a key file of its own per test.</summary>
    private static string? KeyFileFor(DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres ? Path.Combine(Directory.CreateTempSubdirectory("plaudit-keyfile").FullName, "keyring.key") : null;

    private static IReadOnlyDictionary<string, string> Settings(DatabaseProvider provider, string? keyFile) =>
        keyFile is null ? TestSettings.FastWebhooks : TestSettings.FastWebhooks.With(("DataProtection:KeyFile", keyFile));

    private static string NewMasterKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
}
