using System.Text.Json;
using Plaudit.Client;

namespace Plaudit.Server.Tests.Infrastructure;

/// <summary>Creating and changing a webhook through each subscription API shape, for tests that hold every shape to one rule.</summary>
public static class SubscriptionShapes
{
    public const string Trustoo = "/api/v1/openapi/";
    public const string Shoplazza = "/openapi/2022-01/webhooks";
    public const string Truto = "/webhook";

    public static Task<ApiEnvelope> CreateTrustooAsync(PlauditClient client, string url, string topic = "review/created") =>
        client.PostAsync(Trustoo + "create_shop_webhook", new { topic, url });

    public static Task<ApiEnvelope> UpdateTrustooAsync(PlauditClient client, string id, string url) =>
        client.PostAsync(Trustoo + "update_shop_webhook", new { id, url });

    public static Task<ApiEnvelope> CreateShoplazzaAsync(PlauditClient client, string address, string topic = "review/created") =>
        SendAsync(client, HttpMethod.Post, Shoplazza, new { address, topic });

    public static Task<ApiEnvelope> UpdateShoplazzaAsync(PlauditClient client, string id, string address) =>
        SendAsync(client, HttpMethod.Put, $"{Shoplazza}/{id}", new { address });

    public static Task<ApiEnvelope> CreateTrutoAsync(PlauditClient client, string targetUrl) =>
        SendAsync(client, HttpMethod.Post, Truto, new { target_url = targetUrl });

    public static Task<ApiEnvelope> UpdateTrutoAsync(PlauditClient client, string id, string targetUrl) =>
        SendAsync(client, HttpMethod.Patch, $"{Truto}/{id}", new { target_url = targetUrl });

    /// <summary>Shoplazza's refusal: 422 with the problem in <c>errors</c>.</summary>
    public static void AssertShoplazzaUnprocessable(this ApiEnvelope response, string mentions)
    {
        Assert.True(response.HttpStatus == 422, $"expected 422: {response.HttpStatus} {response.Raw}");
        Assert.Contains(response.Root.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains(mentions, StringComparison.Ordinal));
    }

    /// <summary>Truto's refusal: the status, and <c>{"statusCode","error","message"}</c> with the message naming the problem.</summary>
    public static void AssertTrutoError(this ApiEnvelope response, int status, string mentions)
    {
        Assert.True(response.HttpStatus == status, $"expected {status}: {response.HttpStatus} {response.Raw}");
        Assert.Equal(status, response.Root.GetProperty("statusCode").GetInt32());
        Assert.Contains(mentions, response.Root.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    public static void AssertHttpOk(this ApiEnvelope response, int status = 200) =>
        Assert.True(response.HttpStatus == status, $"expected {status}: {response.HttpStatus} {response.Raw}");

    private static Task<ApiEnvelope> SendAsync(PlauditClient client, HttpMethod method, string path, object body) =>
        client.SendAsync(method, path, jsonBody: JsonSerializer.Serialize(body));
}
