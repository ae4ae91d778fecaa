using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Plaudit.Client;
using Plaudit.Server.Shops;

namespace Plaudit.Server.OpenApi.Authentication;

/// <summary>
/// Spec 1.1 and 2: <c>Public-Token</c>, <c>Timestamp</c> and <c>Sign</c> headers; the signature covers
/// the sorted query, the timestamp and the raw body. Checks the clock window first (code 4), then the
/// token and the signature (code 16), comparing in constant time.
/// </summary>
public sealed class HmacAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ShopCredentials credentials,
    IOptions<OpenApiOptions> apiOptions,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Hmac";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers;
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
        if (skew > apiOptions.Value.TimestampTolerance.TotalSeconds)
        {
            return Fail(ApiCode.DeadlineExceeded, "The Timestamp is more than 15 minutes away from the server time.");
        }

        var credential = await credentials.FindByPublicTokenAsync(publicToken, Context.RequestAborted);
        if (credential is null)
        {
            return Fail(ApiCode.Unauthenticated, "Unknown Public-Token.");
        }

        var query = Request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? "")));
        var expected = OpenApiSignature.Sign(credential.PrivateToken, query, timestampText, BufferedBody.Of(Context).Bytes.Span);
        if (!OpenApiSignature.Matches(expected, sign))
        {
            return Fail(ApiCode.Unauthenticated, "The Sign header does not match the request.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ApiCaller.ShopIdClaim, credential.ShopId.ToString(CultureInfo.InvariantCulture)),
                new Claim(ApiCaller.DataVersionClaim, credential.DataVersion.ToString(CultureInfo.InvariantCulture)),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private static AuthenticateResult Fail(ApiCode code, string detail) =>
        AuthenticateResult.Fail(new ApiAuthenticationException(ApiError.Create(code, detail)));
}
