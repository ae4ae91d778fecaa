using System.Text;
using Plaudit.Server.Webhooks.Delivery;
using Plaudit.Server.Webhooks.Signing;

namespace Plaudit.Server.Tests.Webhooks;

/// <summary>
/// Every delivery format's body and signature against fixed vectors. The expected values were computed
/// once outside .NET: <c>printf '%s' BODY | openssl dgst -sha256 -hmac SECRET -binary | base64</c> (or
/// Python's <c>hmac</c>, hex for Trustoo and system webhooks), and the Truto environment_id with Python's <c>uuid.uuid5</c>.
/// </summary>
public sealed class DeliverySignatureVectorTests
{
    private const string Payload = """{"id":"99999","rating":5,"title":"Great/+&é"}""";

    private static DeliveryContext Context(string secret, string? platformClientId = null, string payload = Payload) => new(
        RequestId: "0123456789abcdef0123456789abcdef",
        Topic: "review/created",
        ShopId: 42,
        ShopPublicToken: "public-token",
        ShopDomain: "example.myshoplazza.com",
        WebhookId: new Guid("6f9619ff-8b86-d011-b42d-00c04fc964ff"),
        PlatformClientId: platformClientId,
        Secret: secret,
        EventId: "event-1",
        OccurredAt: new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc),
        Payload: payload,
        Now: new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Fact]
    public async Task Shoplazza_signs_the_raw_body_as_base64_hmac_sha256_in_both_vendors_headers()
    {
        using var request = new ShoplazzaDeliveryFormat().BuildRequest(new Uri("https://receiver.example/hook"), Context("whsec-test-0123456789"));

        Assert.Equal(Payload, Encoding.UTF8.GetString(await request.Content!.ReadAsByteArrayAsync()));
        Assert.Equal("tMULLku29NpXOBT/5aT12X3bsKoYbkTStTlfrHkN+lQ=", Header(request, "X-Shoplazza-Hmac-Sha256"));
        Assert.Equal("tMULLku29NpXOBT/5aT12X3bsKoYbkTStTlfrHkN+lQ=", Header(request, "X-Shopify-Hmac-Sha256"));
        foreach (var vendor in (string[])["Shoplazza", "Shopify"])
        {
            Assert.Equal("review/created", Header(request, $"X-{vendor}-Topic"));
            Assert.Equal("example.myshoplazza.com", Header(request, $"X-{vendor}-Shop-Domain"));
            Assert.Equal("0123456789abcdef0123456789abcdef", Header(request, $"X-{vendor}-Webhook-Id"));
            Assert.Equal("2022-01", Header(request, $"X-{vendor}-Api-Version"));
        }
        Assert.Equal("42", Header(request, "X-Shoplazza-Shop-Id"));
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

    [Fact]
    public async Task Truto_names_a_platforms_environment_apart_from_the_shops_own()
    {
        using var request = new TrutoDeliveryFormat().BuildRequest(new Uri("https://receiver.example/hook"), Context("3b241101-e2bb-4255-8caf-4136c566a962", platformClientId: "acme"));

        Assert.Equal(
            """{"id":"0123456789abcdef0123456789abcdef","event":"review/created","payload":{"id":"99999","rating":5,"title":"Great/+&é"},"environment_id":"cac633db-d31d-512b-ae0a-1e5ba948cc96","created_at":"2026-01-02T03:04:05.678Z","webhook_id":"6f9619ff-8b86-d011-b42d-00c04fc964ff"}""",
            Encoding.UTF8.GetString(await request.Content!.ReadAsByteArrayAsync()));
        Assert.Equal("format=sha256,v=F92nyoPWC/I27UOY5UFIJ8mW7SIATHasnLHJKm+Y+Nw=", Header(request, "x-truto-signature"));
        Assert.Equal("v1,lsDdpwjv/huetC+h23AohxHNLmHAOD7h8WXU8MX6NtY=", Header(request, "webhook-signature"));
    }

    [Fact]
    public async Task Trustoo_signs_timestamp_and_body_as_hex_hmac_sha256_with_the_private_token()
    {
        using var request = new TrustooDeliveryFormat().BuildRequest(new Uri("https://receiver.example/hook"), Context("private-token-0123"));

        Assert.Equal("""{"event":"review/created","shop_id":"42","data":{"id":"99999","rating":5,"title":"Great/+&é"}}""",
            Encoding.UTF8.GetString(await request.Content!.ReadAsByteArrayAsync()));
        Assert.Equal("1767323045", Header(request, "Open-Trustoo-Webhook-Timestamp"));
        Assert.Equal("19f7d6ca5aa698cee7dfebaa2ad3b466584e810d14a508b00b45890fe3da7b86", Header(request, "Open-Trustoo-Webhook-Sign"));
        Assert.Equal("public-token", Header(request, "Open-Trustoo-Webhook-Public-Token"));
        Assert.Equal("0123456789abcdef0123456789abcdef", Header(request, "Open-Trustoo-Webhook-RequestId"));
    }

    [Fact]
    public async Task A_system_webhook_is_stamped_with_the_attempts_time_and_signed_as_hex_hmac_sha256_with_the_client_secret()
    {
        using var request = new SystemDeliveryFormat().BuildRequest(new Uri("https://receiver.example/hook"),
            Context("client-secret-0123", platformClientId: "acme", payload: """{"event":"app/authorized","shop_id":42,"platform":"acme","timestamp":1}"""));

        Assert.Equal("""{"event":"app/authorized","shop_id":42,"platform":"acme","timestamp":1767323045}""",
            Encoding.UTF8.GetString(await request.Content!.ReadAsByteArrayAsync()));
        Assert.Equal("1d3387df58aee67c13ef4b8a09a0a33593858fbd654e5299fcfed911002e7eb0", Header(request, "X-Trustoo-Signature"));
        Assert.Equal("0123456789abcdef0123456789abcdef", Header(request, "X-Trustoo-Request-Id"));
    }

    private static string Header(HttpRequestMessage request, string name) => Assert.Single(request.Headers.GetValues(name));
}
