namespace Plaudit.Server.OpenApi;

/// <summary>The raw request body exactly as received: the signature covers these bytes, and handlers parse them.</summary>
public sealed class BufferedBody(byte[] bytes)
{
    public static readonly BufferedBody Empty = new([]);

    public ReadOnlyMemory<byte> Bytes { get; } = bytes;
    public bool IsEmpty => Bytes.IsEmpty;

    public static BufferedBody Of(HttpContext context) => context.Features.Get<BufferedBody>() ?? Empty;
}
