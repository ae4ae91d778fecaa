using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Plaudit.Client;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Webhooks.Signing;

/// <summary>
/// Deliveries for Shoplazza-shaped subscriptions: the event's data as the body, and the headers a
/// Shoplazza or Shopify receiver verifies (<c>X-Shoplazza-Hmac-Sha256</c> and <c>X-Shopify-Hmac-Sha256</c>:
/// base64 HMAC-SHA256 of the raw body keyed by the owner's secret; topic, shop domain, webhook id).
/// Success is any 2xx.
/// </summary>
public sealed class ShoplazzaDeliveryFormat : IDeliveryFormat
{
    public string Shape => WebhookShape.Shoplazza;

    public HttpRequestMessage BuildRequest(Uri url, DeliveryContext context)
    {
        var body = Encoding.UTF8.GetBytes(context.Payload);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var signature = Convert.ToBase64String(HmacSha256.Compute(Encoding.UTF8.GetBytes(context.Secret), body));
        var domain = context.ShopDomain ?? context.ShopId.ToString(CultureInfo.InvariantCulture);
        foreach (var vendor in (string[])["Shoplazza", "Shopify"])
        {
            request.Headers.TryAddWithoutValidation($"X-{vendor}-Hmac-Sha256", signature);
            request.Headers.TryAddWithoutValidation($"X-{vendor}-Topic", context.Topic);
            request.Headers.TryAddWithoutValidation($"X-{vendor}-Shop-Domain", domain);
            request.Headers.TryAddWithoutValidation($"X-{vendor}-Webhook-Id", context.RequestId);
            request.Headers.TryAddWithoutValidation($"X-{vendor}-Api-Version", "2022-01");
        }
        request.Headers.TryAddWithoutValidation("X-Shoplazza-Shop-Id", context.ShopId.ToString(CultureInfo.InvariantCulture));
        return request;
    }

    public bool IsSuccess(int statusCode, ReadOnlySpan<byte> responseBody) => statusCode is >= 200 and <= 299;
}
