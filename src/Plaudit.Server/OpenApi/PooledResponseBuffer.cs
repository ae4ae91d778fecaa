using System.Buffers;

namespace Plaudit.Server.OpenApi;

/// <summary>
/// An answer written whole before it is sent (so it carries a Content-Length), in arrays rented from
/// the shared pool: a growing <see cref="ArrayBufferWriter{T}"/> left about 60 KB of garbage behind
/// every 20-review page (4, 8, 16 and 32 KB arrays), and the collections it caused were the largest
/// single cost of an uncached get_reviews after the queries.
/// </summary>
public sealed class PooledResponseBuffer(int sizeHint) : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(sizeHint);

    public int WrittenCount { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, WrittenCount);

    public void Advance(int count) => WrittenCount += count;

    /// <summary>Forgets what was written, keeping the buffer.</summary>
    public void Clear() => WrittenCount = 0;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(WrittenCount);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(WrittenCount);
    }

    private void Reserve(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - WrittenCount >= needed)
        {
            return;
        }
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, WrittenCount + needed));
        _buffer.AsSpan(0, WrittenCount).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    /// <summary>Only once the bytes are written to the response: the array goes back to the pool.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        WrittenCount = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
