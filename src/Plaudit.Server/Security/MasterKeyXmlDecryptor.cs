using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Plaudit.Server.Security;

/// <summary>
/// The decryptor named in keys that earlier versions wrapped with <c>DataProtection:MasterKey</c>
/// (same layout, no key id). Kept so those keys stay readable until they are re-wrapped at start.
/// </summary>
public sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) => services.GetRequiredService<KeyEncryptionKeys>().Unwrap(encryptedElement);
}
