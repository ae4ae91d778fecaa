using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Plaudit.Server.Security;

/// <summary>Created by Data Protection (by the type name stored with each key) whenever it reads the key ring.</summary>
public sealed class KeyRingXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) => services.GetRequiredService<KeyEncryptionKeys>().Unwrap(encryptedElement);
}
