namespace Plaudit.Server.OpenApi;

/// <summary>
/// A query parameter for the OpenAPI document. Handlers read the query themselves (to answer bad
/// values with code 3 naming the parameter), so the parameters are declared here for the document.
/// </summary>
public sealed record QueryParameter(string Name, string Type, string Description);
