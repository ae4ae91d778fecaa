using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Plaudit.Server.Tests.Infrastructure;
using static Plaudit.Server.Tests.Infrastructure.SubscriptionShapes;

namespace Plaudit.Server.Tests.Webhooks;

/// <summary>
/// The attempt log must not turn webhooks into a probe of the network Plaudit runs in: a private
/// receiver's answer is kept as its status only, and every way of not getting an answer reads the same.
/// </summary>
public sealed class ReceiverErrorTests
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_private_receivers_answer_is_logged_as_its_status_only(DatabaseProvider provider)
    {
        await using var server = await PlauditServer.StartAsync(provider, TestSettings.FastWebhooks);
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, n) => n == 1 ? new Reply(500, """{"internal":"db password hunter2"}""") : Reply.Ok;
        (await CreateTrustooAsync(shop.Client, receiver.Url("/internal"))).AssertOk();

        (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Prober" })).AssertOk();
        var attempts = (await DeliveryLog.WaitForAsync(shop, "succeeded", 1)).Single().GetProperty("attempts");

        Assert.Equal([500, 200], attempts.EnumerateArray().Select(a => a.GetProperty("status_code").GetInt32()));
        Assert.All(attempts.EnumerateArray(), a => Assert.Equal(JsonValueKind.Null, a.GetProperty("response_body").ValueKind));
        Assert.DoesNotContain("hunter2", attempts.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_allow_listed_receivers_answer_is_logged_as_its_status_only()
    {
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, SecureWebhookSettings.Default.With(
            ("Webhooks:AllowedPrivateTargets", "127.0.0.1"), ("Webhooks:RetryDelays", "0")));
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, _) => new Reply(403, "admin console: secret");
        (await CreateTrustooAsync(shop.Client, receiver.Url("/admin"))).AssertOk();

        (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Prober" })).AssertOk();
        var attempt = (await DeliveryLog.WaitForAsync(shop, "failed", 1)).Single().GetProperty("attempts")[0];

        Assert.Equal(403, attempt.GetProperty("status_code").GetInt32());
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("response_body").ValueKind);
        Assert.DoesNotContain("secret", attempt.ToString(), StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Every_way_of_not_reaching_a_receiver_is_logged_in_the_same_words(DatabaseProvider provider)
    {
        var oneAttempt = ("Webhooks:RetryDelays", "0");
        await using var secure = await PlauditServer.StartAsync(provider, SecureWebhookSettings.Default.With(oneAttempt));
        await using var open = await PlauditServer.StartAsync(provider, TestSettings.FastWebhooks.With(oneAttempt));
        await using var stalls = await WebhookReceiver.StartAsync();
        stalls.Respond = (_, _) => Reply.Ok with { Delay = TimeSpan.FromMinutes(1) };
        using var notHttp = new NotHttpListener("SSH-2.0-OpenSSH_9.6\r\n");
        using var hangsUp = new NotHttpListener("");
        var closedPort = ClosedPort();
        var port = stalls.BaseAddress.Port.ToString(CultureInfo.InvariantCulture);

        // Refused before any connection: a name that does not resolve, and one that resolves to loopback.
        var secureShop = await secure.CreateShopAsync();
        (await CreateTrustooAsync(secureShop.Client, "http://no-such-receiver.invalid/hook")).AssertOk();
        (await CreateTrustooAsync(secureShop.Client, $"http://localhost:{port}/hook")).AssertOk();
        // Reached (private networks allowed): a closed port, a port that speaks something else, one that
        // hangs up at once, and an HTTP server that never answers.
        var openShop = await open.CreateShopAsync();
        (await CreateTrustooAsync(openShop.Client, $"http://127.0.0.1:{closedPort}/hook")).AssertOk();
        (await CreateTrustooAsync(openShop.Client, $"http://127.0.0.1:{notHttp.Port}/hook")).AssertOk();
        (await CreateTrustooAsync(openShop.Client, $"http://127.0.0.1:{hangsUp.Port}/hook")).AssertOk();
        (await CreateTrustooAsync(openShop.Client, stalls.Url("/hook"))).AssertOk();

        (await secureShop.Client.PostAsync(Api + "create_review", new { rating = 1, author = "Port scanner" })).AssertOk();
        (await openShop.Client.PostAsync(Api + "create_review", new { rating = 1, author = "Port scanner" })).AssertOk();
        var failed = (await DeliveryLog.WaitForAsync(secureShop, "failed", 2)).Concat(await DeliveryLog.WaitForAsync(openShop, "failed", 4)).ToList();

        var attempts = failed.Select(d => d.GetProperty("attempts")[0]).ToList();
        Assert.All(attempts, a => Assert.Equal(JsonValueKind.Null, a.GetProperty("status_code").ValueKind));
        Assert.All(attempts, a => Assert.Equal(JsonValueKind.Null, a.GetProperty("response_body").ValueKind));
        var errors = attempts.Select(a => a.GetProperty("error").GetString()).Concat(failed.Select(d => d.GetProperty("last_error").GetString())).Distinct().ToList();
        Assert.True(errors.Count == 1, "one text for every way of not reaching a receiver, got: " + string.Join(" | ", errors));
        Assert.DoesNotContain("localhost", errors[0], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("invalid", errors[0], StringComparison.OrdinalIgnoreCase);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A TCP service that is not HTTP: it writes its greeting (or nothing) to each connection and hangs up.</summary>
    private sealed class NotHttpListener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public NotHttpListener(string greeting)
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(async () =>
            {
                while (true)
                {
                    try
                    {
                        using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(greeting), _stop.Token);
                    }
                    catch (Exception) when (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (IOException)
                    {
                        // The sender hung up first.
                    }
                }
            });
        }

        public int Port { get; }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
