using System.Reflection;

namespace Plaudit.Server.OpenApi.Input;

/// <summary>
/// Reads a query record from the query string: its fields are found by reflection once, per type;
/// a request reads each parameter and calls the constructor through a cached invoker.
/// </summary>
public static class QueryBinder<T> where T : class
{
    private static readonly QueryField[] Fields;
    private static readonly ConstructorInvoker Constructor;

    static QueryBinder()
    {
        var constructor = typeof(T).GetConstructors().Single();
        Fields = constructor.GetParameters().Select(p => new QueryField(p, typeof(T).GetProperty(p.Name!)!)).ToArray();
        Constructor = ConstructorInvoker.Create(constructor);
        Parameters = Fields.Select(f => f.Documentation).ToArray();
    }

    /// <summary>The parameters as the OpenAPI document lists them.</summary>
    public static IReadOnlyList<QueryParameter> Parameters { get; }

    public static ApiError? Read(IQueryCollection query, out T? input)
    {
        input = null;
        var values = new object?[Fields.Length];
        for (var i = 0; i < Fields.Length; i++)
        {
            if (Fields[i].Read(query, out values[i]) is { } error)
            {
                return error;
            }
        }
        input = (T)Constructor.Invoke(values);
        return null;
    }
}
