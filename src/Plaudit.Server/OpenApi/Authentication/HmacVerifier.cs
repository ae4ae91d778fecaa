using System.Globalization;
using Microsoft.Extensions.Options;
using Plaudit.Client;
using Plaudit.Server.Shops;

namespace Plaudit.Server.OpenApi.Authentication;

/// <summary>
/// Spec 1.1 and 2: <c>Public-Token</c>, <c>Timestamp</c> and <c>Sign</c> headers; the signature covers
/// the sorted query, the timestamp and the raw body. Checks the clock window first (code 4), then the
/// token and the signature (code 16), comparing in constant time. Called straight from
/// <see cref="ApiAuthenticationFilter"/> on every signed request: it needs none of the
/// authentication handler machinery (handler instances, principals, claims) that the bearer path uses.
/// </summary>
public sealed class HmacVerifier(IOptions<OpenApiOptions> options, TimeProvider clock)
{
    public async ValueTask<(ApiCaller? Caller, ApiError? Error)> VerifyAsync(HttpContext http)
    {
        var headers = http.Request.Headers;
        var publicToken = headers["Public-Token"].ToString();
        var timestampText = headers["Timestamp"].ToString();
        var sign = headers["Sign"].ToString();
        if (publicToken.Length == 0 || timestampText.Length == 0 || sign.Length == 0)
        {
            return Fail(ApiCode.Unauthenticated, "The Public-Token, Timestamp and Sign headers are required.");
        }
        if (!long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return Fail(ApiCode.Unauthenticated, "The Timestamp header must be Unix time in seconds.");
        }
        var skew = Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - timestamp);
        if (skew > options.Value.TimestampTolerance.TotalSeconds)
        {
            return Fail(ApiCode.DeadlineExceeded, "The Timestamp is more than 15 minutes away from the server time.");
        }

        var credential = await http.RequestServices.GetRequiredService<ShopCredentials>().FindByPublicTokenAsync(publicToken, http.RequestAborted);
        if (credential is null)
        {
            return Fail(ApiCode.Unauthenticated, "Unknown Public-Token.");
        }

        var parameters = OpenApiSignature.CanonicalParameters(QueryPairs(http.Request.Query), timestampText);
        var body = BufferedBody.Of(http).Bytes.Span;
        var matches = OpenApiSignature.Matches(OpenApiSignature.Compute(credential.PrivateToken, OpenApiSignature.StringToSign(parameters, body)), sign);
        if (!matches && !body.IsEmpty && !HttpMethods.IsPost(http.Request.Method))
        {
            // Spec 2.1 step 4 appends the body "for POST requests only", so a PUT or DELETE written
            // from the spec signs its parameters alone; one that signs its body as well is accepted too.
            matches = OpenApiSignature.Matches(OpenApiSignature.Compute(credential.PrivateToken, OpenApiSignature.StringToSign(parameters, [])), sign);
        }
        if (!matches)
        {
            return Fail(ApiCode.Unauthenticated, "The Sign header does not match the request.");
        }
        return (new ApiCaller(credential.ShopId, null, null, credential.DataVersion), null);
    }

    private static List<KeyValuePair<string, string>> QueryPairs(IQueryCollection query)
    {
        var pairs = new List<KeyValuePair<string, string>>(query.Count);
        foreach (var (key, values) in query)
        {
            foreach (var value in values)
            {
                pairs.Add(new(key, value ?? ""));
            }
        }
        return pairs;
    }

    private static (ApiCaller?, ApiError?) Fail(ApiCode code, string detail) => (null, ApiError.Create(code, detail));
}
