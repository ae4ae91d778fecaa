using Plaudit.Server.OpenApi.Authentication;

namespace Plaudit.Server.OpenApi;

public static class OpenApiRoutes
{
    /// <summary>The <c>/api/v1/openapi</c> group: every endpoint in it is authenticated and answers in the envelope.</summary>
    public static RouteGroupBuilder MapOpenApiGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup(OpenApiRequestMiddleware.PathPrefix)
            .RequireApiCredentials()
            .WithTags("Open API");

    /// <summary>HMAC or bearer authentication for every endpoint of the group, checked before the body is read.</summary>
    public static RouteGroupBuilder RequireApiCredentials(this RouteGroupBuilder group) =>
        group.AddEndpointFilter<ApiAuthenticationFilter>().WithMetadata(new RequiresApiCredentials());

    /// <summary>The scope a bearer (OAuth) caller must hold; HMAC callers own the shop and hold them all.</summary>
    public static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder endpoint, string scope) =>
        endpoint.WithMetadata(new RequiredScope(scope));
}
