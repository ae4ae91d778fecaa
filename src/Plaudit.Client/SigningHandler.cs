using System.Globalization;
using System.Net.Http.Headers;

namespace Plaudit.Client;

/// <summary>
/// Adds <c>Public-Token</c>, <c>Timestamp</c> and <c>Sign</c> to every outgoing request, signing the
/// query and the exact body bytes that will be sent.
/// </summary>
public sealed class SigningHandler(string publicToken, string privateToken, TimeProvider? clock = null) : DelegatingHandler
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        if (request.Content is not null)
        {
            // Re-wrap so the bytes signed are exactly the bytes sent.
            var headers = request.Content.Headers;
            var content = new ByteArrayContent(body);
            foreach (var header in headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            request.Content = content;
        }

        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var query = QueryParameters.Parse(request.RequestUri?.Query);
        request.Headers.Remove("Public-Token");
        request.Headers.Remove("Timestamp");
        request.Headers.Remove("Sign");
        request.Headers.TryAddWithoutValidation("Public-Token", publicToken);
        request.Headers.TryAddWithoutValidation("Timestamp", timestamp);
        request.Headers.TryAddWithoutValidation("Sign", OpenApiSignature.Sign(privateToken, query, timestamp, body));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await base.SendAsync(request, cancellationToken);
    }
}
