using System.Text;
using Plaudit.Client;

namespace Plaudit.Server.Tests.Security;

/// <summary>The SDK's receiver-side helpers refuse a captured delivery replayed after the tolerance.</summary>
public sealed class WebhookVerifierTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void A_trustoo_delivery_is_accepted_while_fresh_and_refused_when_stale()
    {
        var body = """{"event":"review/created","shop_id":"1","data":{}}""";
        var fresh = "1800000000";
        var sign = TrustooWebhookSignature.Sign("secret", fresh, Encoding.UTF8.GetBytes(body));
        Assert.True(TrustooWebhookSignature.Verify("secret", fresh, body, sign, now: Now));
        Assert.True(TrustooWebhookSignature.Verify("secret", fresh, body, sign, now: Now.AddMinutes(5)));
        Assert.False(TrustooWebhookSignature.Verify("secret", fresh, body, sign, now: Now.AddMinutes(5).AddSeconds(1)));
        Assert.False(TrustooWebhookSignature.Verify("secret", fresh, body, sign, now: Now.AddMinutes(-6)));
        Assert.True(TrustooWebhookSignature.Verify("secret", fresh, body, sign, tolerance: TimeSpan.FromHours(1), now: Now.AddMinutes(30)));
        Assert.False(TrustooWebhookSignature.Verify("secret", "not-a-number", body, TrustooWebhookSignature.Sign("secret", "not-a-number", Encoding.UTF8.GetBytes(body)), now: Now));
        Assert.False(TrustooWebhookSignature.Verify("other", fresh, body, sign, now: Now));
    }

    [Fact]
    public void A_system_webhook_is_judged_by_its_signed_body_timestamp()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":"app/authorized","shop_id":1,"platform":"p","timestamp":1800000000}""");
        var sign = SystemWebhookSignature.Sign("client-secret", body);
        Assert.True(SystemWebhookSignature.Verify("client-secret", body, sign, now: Now.AddMinutes(4)));
        Assert.False(SystemWebhookSignature.Verify("client-secret", body, sign, now: Now.AddMinutes(6)));
        Assert.False(SystemWebhookSignature.Verify("wrong", body, sign, now: Now));

        var untimed = Encoding.UTF8.GetBytes("""{"event":"app/authorized"}""");
        Assert.False(SystemWebhookSignature.Verify("client-secret", untimed, SystemWebhookSignature.Sign("client-secret", untimed), now: Now));
    }
}
