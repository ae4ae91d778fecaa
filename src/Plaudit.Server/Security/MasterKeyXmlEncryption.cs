using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace Plaudit.Server.Security;

/// <summary>
/// Section <c>DataProtection</c>. With <c>MasterKey</c> set (32 random bytes, base64), the Data
/// Protection key ring stored in the database is itself encrypted, so a database dump alone cannot
/// decrypt private tokens; the master key lives in the environment, never in the database.
/// </summary>
public sealed class DataProtectionSettings
{
    public const string Section = "DataProtection";

    public string? MasterKey { get; set; }

    public byte[]? MasterKeyBytes()
    {
        if (string.IsNullOrWhiteSpace(MasterKey))
        {
            return null;
        }
        var bytes = Convert.FromBase64String(MasterKey);
        return bytes.Length == 32 ? bytes : throw new InvalidOperationException("DataProtection:MasterKey must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`).");
    }
}

/// <summary>AES-256-GCM over each key's XML, keyed by <see cref="DataProtectionSettings.MasterKey"/>.</summary>
public sealed class MasterKeyXmlEncryptor(byte[] masterKey) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[12 + 16 + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(masterKey, 16);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16));
        var element = new XElement("encryptedKey",
            new XComment(" Encrypted with DataProtection:MasterKey (AES-256-GCM): nonce | tag | ciphertext "),
            new XElement("value", Convert.ToBase64String(sealedBytes)));
        return new EncryptedXmlInfo(element, typeof(MasterKeyXmlDecryptor));
    }
}

/// <summary>Created by Data Protection (by type name from the stored XML) whenever it reads the key ring.</summary>
public sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var masterKey = services.GetRequiredService<IOptions<DataProtectionSettings>>().Value.MasterKeyBytes()
            ?? throw new InvalidOperationException("The Data Protection key ring is encrypted but DataProtection:MasterKey is not set.");
        var sealedBytes = Convert.FromBase64String((string)encryptedElement.Element("value")!);
        var plaintext = new byte[sealedBytes.Length - 28];
        using var aes = new AesGcm(masterKey, 16);
        aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), plaintext);
        return XElement.Parse(Encoding.UTF8.GetString(plaintext));
    }
}
