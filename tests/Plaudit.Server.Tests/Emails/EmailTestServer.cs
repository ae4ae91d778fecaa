using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Plaudit.Client;
using Plaudit.Server.Emails;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Emails;

/// <summary>
/// A server of its own for an email test: a fake clock the test moves (anchored at the real time,
/// since the links' protector checks expiry against the system clock), sending through a real SMTP
/// server in process, and no background sender: the test sends what is due when it chooses, so
/// nothing depends on timing.
/// </summary>
public sealed class EmailTestServer : IAsyncDisposable
{
    private EmailTestServer(PlauditServer server, SmtpSink smtp, FakeTimeProvider? clock)
    {
        Server = server;
        Smtp = smtp;
        _clock = clock;
    }

    private readonly FakeTimeProvider? _clock;

    public PlauditServer Server { get; }
    public SmtpSink Smtp { get; }
    public FakeTimeProvider Clock => _clock ?? throw new InvalidOperationException("This server runs on the real clock.");

    public TimeProvider Time => (TimeProvider?)_clock ?? TimeProvider.System;

    public static Task<EmailTestServer> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, bool sendInBackground = false, params (string Key, string Value)[] more) =>
        StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow), provider, sendInBackground, more);

    /// <summary>With the real clock (the webhook engine's timers then run as in production): for end-to-end tests.</summary>
    public static Task<EmailTestServer> StartWithRealClockAsync() => StartAsync(null, DatabaseProvider.Sqlite, false, []);

    private static async Task<EmailTestServer> StartAsync(FakeTimeProvider? clock, DatabaseProvider provider, bool sendInBackground, (string Key, string Value)[] more)
    {
        var smtp = SmtpSink.Start();
        var settings = TestSettings.Shared.With([.. smtp.Settings.Select(s => (s.Key, s.Value))]).With(("Emails:Sending", sendInBackground ? "true" : "false")).With(more);
        var server = await PlauditServer.StartAsync(provider, settings, services: services =>
        {
            if (clock is not null)
            {
                services.AddSingleton<TimeProvider>(clock);
            }
        });
        return new EmailTestServer(server, smtp, clock);
    }

    /// <summary>A shop with a client that signs with the server's fake clock, and email settings that send at any hour.</summary>
    public async Task<(TestShop Shop, PlauditClient Api)> CreateShopAsync(object? emails = null)
    {
        var shop = await Server.CreateShopAsync("Mugs & Co");
        var api = new PlauditClient(Server.BaseAddress, shop.PublicToken, shop.PrivateToken, Time);
        (await api.PostAsync("/api/v1/openapi/update_shop_settings", new { emails = emails ?? new { window_start = "00:00", window_end = "24:00" } })).AssertOk();
        return (shop, api);
    }

    public Task<int> SendDueAsync() => Server.Services.GetRequiredService<ReviewEmailSender>().SendDueAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
