namespace Plaudit.Server.OpenApi;

/// <summary>
/// A query parameter for the OpenAPI document. Handlers read the query themselves (to answer bad
/// values with code 3 naming the parameter), so the parameters are declared here for the document.
/// </summary>
public sealed record QueryParameter(string Name, string Type, string Description);

public sealed record QueryParameterList(IReadOnlyList<QueryParameter> Parameters);

public static class QueryParameterDocs
{
    public static readonly QueryParameter[] Paging =
    [
        new("page", "integer", "Page number, from 1 (default 1)."),
        new("page_size", "integer", "Items per page, 1–100 (default 20)."),
    ];

    public static RouteHandlerBuilder DocumentQuery(this RouteHandlerBuilder endpoint, params QueryParameter[] parameters) =>
        endpoint.WithMetadata(new QueryParameterList(parameters));
}
