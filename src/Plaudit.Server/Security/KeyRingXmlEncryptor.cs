using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Plaudit.Server.Security;

/// <summary>Data Protection calls this for every new key before it is stored: the key leaves the process wrapped.</summary>
public sealed class KeyRingXmlEncryptor(KeyEncryptionKeys keys) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) => new(keys.Wrap(plaintextElement), typeof(KeyRingXmlDecryptor));
}
