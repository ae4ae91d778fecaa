namespace Plaudit.Server.OpenApi;

public sealed record QueryParameterList(IReadOnlyList<QueryParameter> Parameters);
