using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.OpenApi;

public static class OpenApiRoutes
{
    /// <summary>The <c>/api/v1/openapi</c> group: every endpoint in it is authenticated and answers in the envelope.</summary>
    public static RouteGroupBuilder MapOpenApiGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup(OpenApiRequestMiddleware.PathPrefix)
            .RequireApiCredentials()
            .WithTags("Open API");

    /// <summary>
    /// Every endpoint of the group, in this order: HMAC or bearer authentication (what needs no body
    /// is checked before the body is read), the read cache for endpoints marked
    /// <see cref="ReadCacheEndpoints.CacheReads"/>, then the handler's input records bound: nothing is
    /// parsed for a stranger, nor for an answer already cached.
    /// </summary>
    public static RouteGroupBuilder RequireApiCredentials(this RouteGroupBuilder group) =>
        group.AddEndpointFilter<ApiAuthenticationFilter>()
            .AddEndpointFilter<ReadCacheFilter>()
            .AddEndpointFilterFactory(ApiInputFilter.Create)
            .WithMetadata(new RequiresApiCredentials());

    /// <summary>The scope a bearer (OAuth) caller must hold; HMAC callers own the shop and hold them all.</summary>
    public static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder endpoint, string scope) =>
        endpoint.WithMetadata(new RequiredScope(scope));
}
