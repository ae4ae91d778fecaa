using System.Text;
using Plaudit.Server.Webhooks.Delivery;
using Plaudit.Server.Webhooks.Signing;

namespace Plaudit.Server.Tests.Webhooks;

/// <summary>
/// The Shoplazza and Truto delivery signatures against fixed vectors. The expected values were computed
/// once outside .NET: <c>printf '%s' BODY | openssl dgst -sha256 -hmac SECRET -binary | base64</c>, and
/// the Truto environment_id with Python's <c>uuid.uuid5</c>.
/// </summary>
public sealed class DeliverySignatureVectorTests
{
    private const string Payload = """{"id":"99999","rating":5,"title":"Great/+&é"}""";

    private static DeliveryContext Context(string secret) => new(
        RequestId: "0123456789abcdef0123456789abcdef",
        Topic: "review/created",
        ShopId: 42,
        ShopPublicToken: "public-token",
        ShopDomain: "example.myshoplazza.com",
        WebhookId: new Guid("6f9619ff-8b86-d011-b42d-00c04fc964ff"),
        PlatformClientId: null,
        Secret: secret,
        EventId: "event-1",
        OccurredAt: new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc),
        Payload: Payload,
        Now: new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Fact]
    public async Task Shoplazza_signs_the_raw_body_as_base64_hmac_sha256_in_both_vendors_headers()
    {
        using var request = new ShoplazzaDeliveryFormat().BuildRequest(new Uri("https://receiver.example/hook"), Context("whsec-test-0123456789"));

        Assert.Equal(Payload, Encoding.UTF8.GetString(await request.Content!.ReadAsByteArrayAsync()));
        Assert.Equal("tMULLku29NpXOBT/5aT12X3bsKoYbkTStTlfrHkN+lQ=", Header(request, "X-Shoplazza-Hmac-Sha256"));
        Assert.Equal("tMULLku29NpXOBT/5aT12X3bsKoYbkTStTlfrHkN+lQ=", Header(request, "X-Shopify-Hmac-Sha256"));
    }

    [Fact]
    public async Task Truto_signs_the_body_and_the_standard_webhooks_message_with_the_secrets_utf8_bytes()
    {
        using var request = new TrutoDeliveryFormat().BuildRequest(new Uri("https://receiver.example/hook"), Context("3b241101-e2bb-4255-8caf-4136c566a962"));

        Assert.Equal(
            """{"id":"0123456789abcdef0123456789abcdef","event":"review/created","payload":{"id":"99999","rating":5,"title":"Great/+&é"},"environment_id":"601604ba-45fb-5329-9eac-7c855f86b03b","created_at":"2026-01-02T03:04:05.678Z","webhook_id":"6f9619ff-8b86-d011-b42d-00c04fc964ff"}""",
            Encoding.UTF8.GetString(await request.Content!.ReadAsByteArrayAsync()));
        Assert.Equal("format=sha256,v=mcNIP6yYy/+lf+Z6ZZZ5Iz/KCUzWZ2ccwBfKTPnxzv4=", Header(request, "x-truto-signature"));
        Assert.Equal("0123456789abcdef0123456789abcdef", Header(request, "webhook-id"));
        Assert.Equal("1767323045", Header(request, "webhook-timestamp"));
        Assert.Equal("v1,tvc9LxTNpJ8XXvoFcQpv7azGGmTzxfvSGmjBFxJ6Uq4=", Header(request, "webhook-signature"));
    }

    private static string Header(HttpRequestMessage request, string name) => Assert.Single(request.Headers.GetValues(name));
}
