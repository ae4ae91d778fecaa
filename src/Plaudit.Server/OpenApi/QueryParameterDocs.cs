namespace Plaudit.Server.OpenApi;

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
