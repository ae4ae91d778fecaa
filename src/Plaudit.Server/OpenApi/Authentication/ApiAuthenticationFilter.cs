using Microsoft.AspNetCore.Authentication;

namespace Plaudit.Server.OpenApi.Authentication;

/// <summary>
/// Authenticates every Open API call (HMAC, or bearer when an Authorization header is present) and
/// checks the endpoint's scope; failures become the envelope with code 4, 7 or 16 (or the
/// endpoint's own error format, for the other subscription API shapes).
/// </summary>
public sealed class ApiAuthenticationFilter(HmacVerifier hmac) : IEndpointFilter
{
    public const string BearerSchemeName = "Bearer";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        // The spec's auto-detection rule: a non-empty Authorization header means bearer.
        var (caller, error) = string.IsNullOrWhiteSpace(http.Request.Headers.Authorization)
            ? await hmac.VerifyAsync(http)
            : await AuthenticateBearerAsync(http);
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

    private static async Task<(ApiCaller?, ApiError?)> AuthenticateBearerAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(BearerSchemeName);
        if (!result.Succeeded)
        {
            return (null, (result.Failure as ApiAuthenticationException)?.Error);
        }
        http.User = result.Principal;
        return (ApiCaller.FromPrincipal(result.Principal), null);
    }
}
