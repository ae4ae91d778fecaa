namespace Plaudit.Server.Tests.Media;

/// <summary>
/// A readable body that hands out its first bytes, then waits at the gate until every party has
/// read that far, then the rest: two readers are in the middle of their bodies at once, for certain.
/// </summary>
public sealed class GatedStream(byte[] bytes, CountdownGate gate) : Stream
{
    private const int FirstPart = 1024;
    private int _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => bytes.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position == FirstPart)
        {
            await gate.SignalAndWaitAsync();
        }
        var end = _position < FirstPart ? FirstPart : bytes.Length;
        var count = Math.Min(buffer.Length, end - _position);
        bytes.AsMemory(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");
    public override void Flush() => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
