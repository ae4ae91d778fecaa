using System.Globalization;
using Microsoft.Extensions.Options;
using Plaudit.Client;
using Plaudit.Server.Shops;

namespace Plaudit.Server.OpenApi.Authentication;

/// <summary>
/// Spec 1.1 and 2: <c>Public-Token</c>, <c>Timestamp</c> and <c>Sign</c> headers; the signature covers
/// the sorted query, the header's timestamp and the raw body, whatever the method. Two steps:
/// <see cref="CheckHeadersAsync"/> runs before the body is read (clock window, code 4; token, code
/// 16), <see cref="VerifyAsync"/> after it (signature, compared in constant time; a write's signature
/// is accepted once). Called straight from <see cref="ApiAuthenticationFilter"/>: it needs none of the
/// authentication handler machinery that the bearer path uses.
/// </summary>
public sealed class HmacVerifier(IOptions<OpenApiOptions> options, TimeProvider clock, IUsedSignatures usedSignatures, RecentReadSignatures recentReads)
{
    /// <summary>What a Trustoo delivery's signed string continues with after <c>timestamp=T|</c>.</summary>
    private static ReadOnlySpan<byte> DeliveryBodyStart => "{\"event\":\""u8;

    /// <summary>The headers checked, and the shop they name: kept for <see cref="VerifyAsync"/>.</summary>
    private sealed record CheckedHeaders(ShopCredential Credential, string TimestampText, long Timestamp, string Sign);

    public async ValueTask<ApiError?> CheckHeadersAsync(HttpContext http)
    {
        if (http.Features.Get<CheckedHeaders>() is not null)
        {
            return null;
        }
        var headers = http.Request.Headers;
        var publicToken = headers["Public-Token"].ToString();
        var timestampText = headers["Timestamp"].ToString();
        var sign = headers["Sign"].ToString();
        if (publicToken.Length == 0 || timestampText.Length == 0 || sign.Length == 0)
        {
            return ApiError.Unauthenticated("The Public-Token, Timestamp and Sign headers are required.");
        }
        if (!long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return ApiError.Unauthenticated("The Timestamp header must be Unix time in seconds.");
        }
        var skew = Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - timestamp);
        if (skew > options.Value.TimestampTolerance.TotalSeconds)
        {
            return ApiError.Create(ApiCode.DeadlineExceeded, "The Timestamp is more than 15 minutes away from the server time.");
        }

        var credential = await http.RequestServices.GetRequiredService<ShopCredentials>().FindByPublicTokenAsync(publicToken, http.RequestAborted);
        if (credential is null)
        {
            return ApiError.Unauthenticated("Unknown Public-Token.");
        }
        http.Features.Set(new CheckedHeaders(credential, timestampText, timestamp, sign));
        return null;
    }

    public async ValueTask<(ApiCaller? Caller, ApiError? Error)> VerifyAsync(HttpContext http)
    {
        if (await CheckHeadersAsync(http) is { } headerError)
        {
            return (null, headerError);
        }
        var (credential, timestampText, timestamp, sign) = http.Features.Get<CheckedHeaders>()!;

        var (pairs, queryError) = QueryPairs(http.Request.Query, timestampText);
        if (queryError is not null)
        {
            return Fail(queryError);
        }
        var parameters = OpenApiSignature.CanonicalParameters(pairs, timestampText);
        var body = BufferedBody.Of(http).Bytes.Span;
        if (pairs.Count == 0 && body.StartsWith(DeliveryBodyStart))
        {
            // "timestamp=T|{"event":"…" is exactly what a Trustoo webhook delivery signs with the same
            // private token: whoever received one must not be able to send it back as a request.
            return Fail("The signed string has the form of a webhook delivery (timestamp=…|{\"event\":\"…); a request body may not begin with {\"event\":\".");
        }

        var expected = OpenApiSignature.Compute(credential.PrivateToken, OpenApiSignature.StringToSign(parameters, body));
        if (!OpenApiSignature.Matches(expected, sign))
        {
            if (!body.IsEmpty && OpenApiSignature.Matches(OpenApiSignature.Compute(credential.PrivateToken, OpenApiSignature.StringToSign(parameters, [])), sign))
            {
                return Fail($"The body must be signed too: a request that has a body, whatever its method, signs \"{parameters}|\" followed by the exact body bytes.");
            }
            return Fail("The Sign header does not match the request.");
        }

        var signature = Convert.FromHexString(expected);
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            recentReads.Remember(signature);
        }
        else
        {
            if (body.IsEmpty && recentReads.Contains(signature))
            {
                return Fail("This signature already signed a read with the same parameters, and a signature is not bound to a method or path: sign the write with a new Timestamp (or add a nonce parameter).");
            }
            var expiresAt = DateTimeOffset.FromUnixTimeSeconds(timestamp) + options.Value.TimestampTolerance;
            if (!await usedSignatures.TryUseAsync(http, signature, expiresAt))
            {
                return Fail("This signature was already used: a signed write is accepted once; sign a retry with a new Timestamp.");
            }
        }
        return (new ApiCaller(credential.ShopId, null, null, credential.DataVersion), null);
    }

    /// <summary>
    /// The query as signed pairs. Names are plain (letters, digits, <c>_ - . [ ]</c>), so no name can
    /// smuggle a separator or start the signed string with a body's <c>{</c>; a <c>timestamp</c>
    /// parameter may only repeat the header's value once, which is then signed once.
    /// </summary>
    private static (List<KeyValuePair<string, string>> Pairs, string? Error) QueryPairs(IQueryCollection query, string timestampText)
    {
        var pairs = new List<KeyValuePair<string, string>>(query.Count);
        foreach (var (key, values) in query)
        {
            if (!IsPlainName(key))
            {
                return (pairs, "Query parameter names may contain only letters, digits and _ - . [ ].");
            }
            if (key == "timestamp")
            {
                if (values.Count != 1 || values[0] != timestampText)
                {
                    return (pairs, "A timestamp query parameter must be given once and equal the Timestamp header.");
                }
                continue;
            }
            foreach (var value in values)
            {
                pairs.Add(new(key, value ?? ""));
            }
        }
        return (pairs, null);
    }

    private static bool IsPlainName(string key)
    {
        if (key.Length == 0)
        {
            return false;
        }
        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.' or '[' or ']'))
            {
                return false;
            }
        }
        return true;
    }

    private static (ApiCaller?, ApiError?) Fail(string detail) => (null, ApiError.Unauthenticated(detail));
}
