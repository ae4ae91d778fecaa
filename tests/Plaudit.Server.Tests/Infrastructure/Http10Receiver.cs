using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Plaudit.Server.Tests.Infrastructure;

/// <summary>
/// A webhook receiver on a raw loopback socket that answers the way Python's <c>http.server</c> does by
/// default: <c>HTTP/1.0 200</c>, then it closes the connection. Kestrel cannot answer like that.
/// </summary>
public sealed class Http10Receiver : IAsyncDisposable
{
    private const string Answer = """{"code":0,"message":"success"}""";
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<(string Path, string? Connection)> _requests = new();
    private Task _accepting = Task.CompletedTask;

    /// <summary>Every request answered, in order: its path and its Connection header.</summary>
    public IReadOnlyCollection<(string Path, string? Connection)> Requests => _requests;

    public string Url(string path) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}";

    public static Http10Receiver Start()
    {
        var receiver = new Http10Receiver();
        receiver._listener.Start(512);
        receiver._accepting = receiver.AcceptAsync();
        return receiver;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(connection));
        }
    }

    private async Task AnswerAsync(Socket connection)
    {
        using (connection)
        {
            var received = new List<byte>();
            var buffer = new byte[64 * 1024];
            int headerEnd;
            while ((headerEnd = IndexOfHeaderEnd(received)) < 0)
            {
                var read = await connection.ReceiveAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }
                received.AddRange(buffer.AsSpan(0, read));
            }
            var head = Encoding.ASCII.GetString(received.GetRange(0, headerEnd).ToArray());
            var contentLength = head.Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
            while (received.Count < headerEnd + 4 + contentLength)
            {
                var read = await connection.ReceiveAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }
                received.AddRange(buffer.AsSpan(0, read));
            }
            await connection.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Answer.Length}\r\n\r\n{Answer}"), _stop.Token);
            var connectionHeader = head.Split("\r\n").Where(l => l.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase))
                .Select(l => l["Connection:".Length..].Trim()).FirstOrDefault();
            _requests.Enqueue((head.Split(' ')[1], connectionHeader));
            connection.Shutdown(SocketShutdown.Both);
        }
    }

    private static int IndexOfHeaderEnd(List<byte> bytes)
    {
        for (var i = 3; i < bytes.Count; i++)
        {
            if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n')
            {
                return i - 3;
            }
        }
        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
