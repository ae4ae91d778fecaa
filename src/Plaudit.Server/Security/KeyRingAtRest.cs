using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Security;

/// <summary>
/// Run at every start, before Data Protection reads the ring: every stored key ends up wrapped with
/// the current key-encryption key. Keys an earlier version stored in clear are wrapped; keys wrapped
/// with the key file, or with <c>DataProtection:PreviousMasterKey</c>, are re-wrapped with the master
/// key. A key nobody here can unwrap stops the start with what is missing, instead of Data
/// Protection quietly making new keys that the other nodes cannot read.
/// </summary>
public sealed class KeyRingAtRest(PlauditDbContext db, KeyEncryptionKeys keys, ILogger<KeyRingAtRest> logger)
{
    private const string DataProtectionNamespace = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName EncryptedSecret = XName.Get("encryptedSecret", DataProtectionNamespace);
    private static readonly XName RequiresEncryption = XName.Get("requiresEncryption", DataProtectionNamespace);
    private static readonly string[] PlauditDecryptors = [nameof(KeyRingXmlDecryptor), nameof(MasterKeyXmlDecryptor)];

    public async Task<KeyRingStatus> WrapAsync(CancellationToken cancellationToken)
    {
        var rows = await db.DataProtectionKeys.ToListAsync(cancellationToken);
        var stored = rows.Select(row => (Row: row, Xml: XElement.Parse(row.Xml ?? "<key />"))).ToList();
        // A fresh key file would wrap new keys nobody else can read: refuse, and say which file is missing.
        if (!keys.UsesMasterKey && !File.Exists(keys.KeyFilePath)
            && stored.SelectMany(s => WrappedKeys(s.Xml)).FirstOrDefault(KeyEncryptionKeys.IsWrappedWithKeyFile) is { } orphan)
        {
            keys.Unwrap(orphan); // throws, naming the missing file
        }

        var current = keys.Current;
        var rewrapped = 0;
        foreach (var (row, xml) in stored)
        {
            var changed = false;
            foreach (var secret in xml.Descendants(EncryptedSecret).ToList())
            {
                if (!IsPlauditDecryptor(secret))
                {
                    throw new InvalidOperationException($"Data Protection key {row.FriendlyName} is encrypted by {(string?)secret.Attribute("decryptorType")}, which Plaudit does not use.");
                }
                var wrapped = secret.Elements().Single();
                if (KeyEncryptionKeys.IdOf(wrapped) == current.Id && IsDecryptor(secret, nameof(KeyRingXmlDecryptor)))
                {
                    continue;
                }
                secret.ReplaceWith(Encrypted(keys.Unwrap(wrapped)));
                changed = true;
            }
            foreach (var clear in xml.DescendantsAndSelf().Where(e => (string?)e.Attribute(RequiresEncryption) == "true").ToList())
            {
                clear.ReplaceWith(Encrypted(clear));
                changed = true;
            }
            if (changed)
            {
                row.Xml = xml.ToString(SaveOptions.DisableFormatting);
                rewrapped++;
            }
        }
        if (rewrapped > 0)
        {
            await SaveWithoutRemnantsAsync(cancellationToken);
            logger.LogWarning("Encrypted {Count} stored Data Protection keys with {Source}", rewrapped, current.Source);
        }
        return new KeyRingStatus(rows.Count, rewrapped, current.Source, current.Id);
    }

    /// <summary>
    /// An updated row's old bytes would otherwise outlive it in the database files (SQLite's free
    /// space and write-ahead log, PostgreSQL's dead tuples), so a copy of the files would still
    /// hold the clear keys: overwrite them. Best effort; this runs only when keys were re-wrapped.
    /// </summary>
    private async Task SaveWithoutRemnantsAsync(CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            await db.SaveChangesAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("VACUUM FULL data_protection_keys", cancellationToken);
            }
            catch (System.Data.Common.DbException ex)
            {
                logger.LogWarning(ex, "Could not vacuum data_protection_keys; the replaced clear keys remain in dead rows until PostgreSQL reuses the space");
            }
            return;
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete=ON;", cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete=OFF;", cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string DecryptorType => typeof(KeyRingXmlDecryptor).AssemblyQualifiedName!;

    private XElement Encrypted(XElement plaintext) =>
        new(EncryptedSecret, new XAttribute("decryptorType", DecryptorType), keys.Wrap(plaintext));

    private static IEnumerable<XElement> WrappedKeys(XElement xml) =>
        xml.Descendants(EncryptedSecret).Where(IsPlauditDecryptor).SelectMany(s => s.Elements());

    private static bool IsPlauditDecryptor(XElement secret) => PlauditDecryptors.Any(name => IsDecryptor(secret, name));

    /// <summary>By type name, not assembly version: a new build must not re-wrap every key.</summary>
    private static bool IsDecryptor(XElement secret, string name) =>
        ((string?)secret.Attribute("decryptorType"))?.StartsWith($"Plaudit.Server.Security.{name},", StringComparison.Ordinal) == true;
}
