using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Security;

public sealed class KeyRingEncryptionTests
{
    [Fact]
    public async Task With_a_master_key_the_stored_key_ring_is_encrypted_and_still_usable()
    {
        var masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string> { ["DataProtection:MasterKey"] = masterKey });
        var shop = await server.CreateShopAsync();
        (await shop.Client.GetAsync("/api/v1/openapi/get_rating")).AssertOk();

        var keys = await server.QueryAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("encryptedKey", xml!, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml!, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Without_a_master_key_the_key_ring_is_encrypted_with_the_key_file()
    {
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite);
        await server.CreateShopAsync();
        var keys = await server.QueryAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("kek=\"key-file\"", xml!, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml!, StringComparison.Ordinal);
        });
    }
}
