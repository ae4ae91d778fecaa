using Microsoft.AspNetCore.Authentication;

namespace Plaudit.Server.OpenApi.Authentication;

/// <summary>
/// Authenticates every Open API call (HMAC, or bearer when an Authorization header is present) and
/// checks the endpoint's scope; failures become the envelope with code 4, 7 or 16 (or the
/// endpoint's own error format, for the other subscription API shapes).
/// </summary>
public sealed class ApiAuthenticationFilter : IEndpointFilter
{
    public const string BearerSchemeName = "Bearer";

    /// <summary>The spec's auto-detection rule: a non-empty Authorization header means bearer.</summary>
    public static string SelectScheme(HttpContext context) =>
        string.IsNullOrWhiteSpace(context.Request.Headers.Authorization) ? HmacAuthenticationHandler.SchemeName : BearerSchemeName;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var result = await http.AuthenticateAsync(SelectScheme(http));
        if (!result.Succeeded)
        {
            var error = (result.Failure as ApiAuthenticationException)?.Error
                ?? ApiError.Unauthenticated("Credentials are missing or invalid.");
            return http.ErrorResult(error);
        }

        var caller = ApiCaller.FromPrincipal(result.Principal);
        var required = http.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>();
        if (required is not null && !caller.HasScope(required.Scope))
        {
            return http.ErrorResult(ApiError.PermissionDenied($"This call needs the {required.Scope} scope."));
        }
        http.Features.Set(caller);
        http.User = result.Principal;
        return await next(context);
    }
}
