using System.Net;

namespace Plaudit.Server.Tests.Media;

/// <summary>
/// A request body sent in two parts: the first bytes, then (once every <see cref="GatedContent"/>
/// sharing the gate has sent its first bytes) the rest. Two uploads built on one gate are in flight
/// at the same time for certain, without sleeping.
/// </summary>
public sealed class GatedContent(byte[] bytes, CountdownGate gate) : HttpContent
{
    private const int FirstPart = 1024;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(bytes.AsMemory(0, FirstPart));
        await stream.FlushAsync();
        await gate.SignalAndWaitAsync();
        await stream.WriteAsync(bytes.AsMemory(FirstPart));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = bytes.Length;
        return true;
    }
}
