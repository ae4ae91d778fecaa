using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Plaudit.Client;

/// <summary>
/// Adds <c>Public-Token</c>, <c>Timestamp</c> and <c>Sign</c> to every outgoing request, signing the
/// query and the exact body bytes that will be sent. A write gets a random <c>nonce</c> query
/// parameter (which the server ignores but signs): the server accepts a write's signature once, and
/// two identical writes in the same second would otherwise carry the same one.
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

        if (request.RequestUri is { } uri && request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
        {
            request.RequestUri = WithNonce(uri);
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

    private static Uri WithNonce(Uri uri)
    {
        var nonce = "nonce=" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var text = uri.OriginalString;
        var fragment = text.IndexOf('#');
        var (head, tail) = fragment < 0 ? (text, "") : (text[..fragment], text[fragment..]);
        var separator = head.Contains('?') ? (head.EndsWith('?') || head.EndsWith('&') ? "" : "&") : "?";
        return new Uri(head + separator + nonce + tail, uri.IsAbsoluteUri ? UriKind.Absolute : UriKind.Relative);
    }
}
