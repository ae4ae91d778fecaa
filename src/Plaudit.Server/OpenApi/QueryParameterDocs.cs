using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.OpenApi;

public static class QueryParameterDocs
{
    /// <summary><see cref="PageRequest"/>'s parameters, for the endpoints that still list theirs by hand.</summary>
    public static readonly QueryParameter[] Paging = [.. QueryBinder<PageRequest>.Parameters];

    public static RouteHandlerBuilder DocumentQuery(this RouteHandlerBuilder endpoint, params QueryParameter[] parameters) =>
        endpoint.WithMetadata(new QueryParameterList(parameters));
}
