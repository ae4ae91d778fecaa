using System.IO.Compression;
using System.Security.Cryptography;

namespace Plaudit.Server.Widget;

/// <summary>
/// The storefront widget (<c>Widget/plaudit.js</c>, plain JavaScript, no build step), embedded in the
/// server and kept in memory as sent: its bytes, the same gzipped once at start, and a content hash
/// that names the immutable URL and the ETag.
/// </summary>
public sealed class WidgetScript
{
    public const string ResourceName = "Plaudit.Server.Widget.plaudit.js";

    public WidgetScript()
    {
        using var stream = typeof(WidgetScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The widget script {ResourceName} is not embedded in the server.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        Bytes = buffer.ToArray();
        Gzipped = Gzip(Bytes);
        Hash = Convert.ToHexStringLower(SHA256.HashData(Bytes).AsSpan(0, 8));
    }

    public byte[] Bytes { get; }
    public byte[] Gzipped { get; }

    /// <summary>16 hex digits of the script's SHA-256: changes with every change to the script.</summary>
    public string Hash { get; }

    public string ETag => $"\"{Hash}\"";

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(bytes);
        }
        return output.ToArray();
    }
}
