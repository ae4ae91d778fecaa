using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Plaudit.Server.OpenApi.Authentication;

/// <summary>
/// The bearer path of the spec's auto-detection rule. Until OAuth is configured no token is valid,
/// so every bearer call is answered with code 16; the OAuth validation handler replaces this scheme.
/// </summary>
public sealed class PendingBearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(AuthenticateResult.Fail(new ApiAuthenticationException(
            ApiError.Unauthenticated("The bearer token is not valid."))));
}
