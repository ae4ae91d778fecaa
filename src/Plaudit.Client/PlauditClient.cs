using System.Text;
using System.Text.Json;

namespace Plaudit.Client;

/// <summary>
/// A small client for the Open API: signs each call with the shop's tokens and returns the
/// response envelope (<c>code</c>, <c>message</c>, <c>data</c>, ...).
/// </summary>
public sealed class PlauditClient : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>A shop's own client: every call HMAC-signed with the shop's tokens.</summary>
    public PlauditClient(Uri baseAddress, string publicToken, string privateToken, TimeProvider? clock = null)
        : this(baseAddress, new SigningHandler(publicToken, privateToken, clock) { InnerHandler = new HttpClientHandler() })
    {
    }

    private PlauditClient(Uri baseAddress, HttpMessageHandler handler) =>
        _http = new HttpClient(handler) { BaseAddress = baseAddress };

    /// <summary>A platform's client acting for a shop with an OAuth access token (<c>Authorization: Bearer</c>).</summary>
    public static PlauditClient WithBearerToken(Uri baseAddress, string accessToken)
    {
        var client = new PlauditClient(baseAddress, new HttpClientHandler());
        client._http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>Sends <paramref name="method"/> to <paramref name="path"/> with the query and an optional raw JSON body.</summary>
    public async Task<ApiEnvelope> SendAsync(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? query = null, string? jsonBody = null, CancellationToken cancellationToken = default)
    {
        var queryString = query is null ? "" : QueryParameters.Build(query);
        var uri = queryString.Length == 0 ? path : path + "?" + queryString;
        using var request = new HttpRequestMessage(method, uri);
        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request, cancellationToken);
        var raw = await response.Content.ReadAsStringAsync(cancellationToken);
        return new ApiEnvelope((int)response.StatusCode, raw);
    }

    public Task<ApiEnvelope> GetAsync(string path, IEnumerable<KeyValuePair<string, string>>? query = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, path, query, null, cancellationToken);

    public Task<ApiEnvelope> PostAsync(string path, object body, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, path, null, JsonSerializer.Serialize(body), cancellationToken);

    public void Dispose() => _http.Dispose();
}
