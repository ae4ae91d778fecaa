namespace Plaudit.Server.Tests.Media;

/// <summary>Files whose first bytes say what they are, padded with random bytes.</summary>
public static class MediaSamples
{
    public static byte[] Png(int size = 4096) => WithHeader([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52], size);

    public static byte[] Jpeg(int size = 4096) => WithHeader([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46, 0], size);

    /// <summary>An ISO base media file: size, <c>ftyp</c>, brand <c>isom</c>.</summary>
    public static byte[] Mp4(int size = 64 * 1024) => WithHeader([0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6F, 0x6D, 0, 0, 2, 0], size);

    public static byte[] Text(int size = 1024) => WithHeader("<html><script>alert(1)</script>"u8.ToArray(), size);

    private static byte[] WithHeader(byte[] header, int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        header.CopyTo(bytes, 0);
        return bytes;
    }
}
