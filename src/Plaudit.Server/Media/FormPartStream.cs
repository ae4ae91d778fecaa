using Microsoft.AspNetCore.WebUtilities;

namespace Plaudit.Server.Media;

/// <summary>
/// A multipart section's body that reports a form cut short (no closing boundary, a line past the
/// reader's limits) as <see cref="MalformedFormException"/>: the upload endpoint answers that with a
/// 400, while a failure of the disk the file is written to, or Kestrel's body limit
/// (<see cref="BadHttpRequestException"/>, a 413), stays what it is.
/// </summary>
public sealed class FormPartStream(Stream section) : Stream
{
    /// <summary>The next section, with a malformed form reported as <see cref="MalformedFormException"/>.</summary>
    public static async Task<MultipartSection?> NextSectionAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (Exception ex) when (IsMalformed(ex))
        {
            throw new MalformedFormException(ex);
        }
    }

    private static bool IsMalformed(Exception ex) => ex is (IOException and not BadHttpRequestException) or InvalidDataException;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await section.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception ex) when (IsMalformed(ex))
        {
            throw new MalformedFormException(ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>The multipart form could not be read to its end.</summary>
public sealed class MalformedFormException(Exception inner) : Exception("The multipart form is not well formed.", inner);
