using Microsoft.AspNetCore.Authentication;

namespace Plaudit.Server.OpenApi.Authentication;

/// <summary>
/// Authenticates every Open API call (HMAC, or bearer when an Authorization header is present) and
/// checks the endpoint's scope; failures become the envelope with code 4, 7 or 16 (or the
/// endpoint's own error format, for the other subscription API shapes). What can be checked without
/// the body is checked by <see cref="CheckBeforeBodyAsync"/>, before the body is read.
/// </summary>
public sealed class ApiAuthenticationFilter(HmacVerifier hmac) : IEndpointFilter
{
    public const string BearerSchemeName = "Bearer";

    /// <summary>A bearer caller authenticated before the body was read.</summary>
    private sealed record BearerOutcome(ApiCaller? Caller, ApiError? Error);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        // The spec's auto-detection rule: a non-empty Authorization header means bearer.
        var (caller, error) = IsBearer(http)
            ? await AuthenticateBearerAsync(http)
            : await hmac.VerifyAsync(http);
        if (caller is null)
        {
            return http.ErrorResult(error ?? ApiError.Unauthenticated("Credentials are missing or invalid."));
        }

        var required = http.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>();
        if (required is not null && !caller.HasScope(required.Scope))
        {
            return http.ErrorResult(ApiError.PermissionDenied($"This call needs the {required.Scope} scope."));
        }
        http.Features.Set(caller);
        return await next(context);
    }

    /// <summary>
    /// Everything but the signature, for <see cref="OpenApiRequestMiddleware"/> to run before it reads a
    /// body: a stranger's upload is refused before it costs memory.
    /// </summary>
    public static async ValueTask<ApiError?> CheckBeforeBodyAsync(HttpContext http)
    {
        if (IsBearer(http))
        {
            var (caller, error) = await AuthenticateBearerAsync(http);
            return caller is null ? error ?? ApiError.Unauthenticated("Credentials are missing or invalid.") : null;
        }
        return await http.RequestServices.GetRequiredService<HmacVerifier>().CheckHeadersAsync(http);
    }

    private static bool IsBearer(HttpContext http) => !string.IsNullOrWhiteSpace(http.Request.Headers.Authorization);

    private static async Task<(ApiCaller?, ApiError?)> AuthenticateBearerAsync(HttpContext http)
    {
        if (http.Features.Get<BearerOutcome>() is { } known)
        {
            return (known.Caller, known.Error);
        }
        var result = await http.AuthenticateAsync(BearerSchemeName);
        BearerOutcome outcome;
        if (result.Succeeded)
        {
            http.User = result.Principal;
            outcome = new BearerOutcome(ApiCaller.FromPrincipal(result.Principal), null);
        }
        else
        {
            outcome = new BearerOutcome(null, (result.Failure as ApiAuthenticationException)?.Error);
        }
        http.Features.Set(outcome);
        return (outcome.Caller, outcome.Error);
    }
}
