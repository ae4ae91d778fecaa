using Plaudit.Server.OpenApi;

namespace Plaudit.Server.Hosting;

/// <summary>
/// Refuses a query holding a NUL character (<c>%00</c>) before any endpoint reads it: no database
/// text can hold one (PostgreSQL refuses it outright), so it can only ever be an attack or a mistake.
/// </summary>
public static class NulQueryGuard
{
    public static Task RejectNulInQueryAsync(HttpContext http, Func<Task> next)
    {
        if (!http.Request.QueryString.HasValue || !HasNul(http.Request.Query))
        {
            return next();
        }
        var error = ApiError.InvalidArgument("Query parameters may not contain NUL (%00) characters.");
        if (OpenApiErrorHandling.IsOpenApiPath(http) || http.GetEndpoint()?.Metadata.GetMetadata<IApiErrorFormat>() is not null)
        {
            return http.ErrorResult(error).ExecuteAsync(http);
        }
        return Results.Problem(error.Message, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
    }

    private static bool HasNul(IQueryCollection query)
    {
        foreach (var (key, values) in query)
        {
            if (key.Contains('\0'))
            {
                return true;
            }
            foreach (var value in values)
            {
                if (value?.Contains('\0') == true)
                {
                    return true;
                }
            }
        }
        return false;
    }
}
