using System.Reflection;

namespace Plaudit.Server.OpenApi.Input;

/// <summary>
/// Binds a handler's input records (<see cref="IJsonBody{TSelf}"/>, <see cref="IQueryInput{TSelf}"/>)
/// after the caller is authenticated, and answers the first problem in the endpoint's error format
/// (the envelope with code 3, naming the field). Which parameters to bind is worked out once, when
/// the endpoint is built; an endpoint without input records runs without this filter.
/// </summary>
public static class ApiInputFilter
{
    private delegate ApiError? Binder(HttpContext http, out object? input);

    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var parameters = context.MethodInfo.GetParameters();
        var binders = parameters.Select((parameter, index) => (Index: index, Bind: BinderFor(parameter)))
            .Where(b => b.Bind is not null).Select(b => (b.Index, Bind: b.Bind!)).ToArray();
        if (binders.Length == 0)
        {
            return next;
        }
        return invocation =>
        {
            var http = invocation.HttpContext;
            foreach (var (index, bind) in binders)
            {
                if (bind(http, out var input) is { } error)
                {
                    return ValueTask.FromResult<object?>(http.ErrorResult(error));
                }
                invocation.Arguments[index] = input;
            }
            return next(invocation);
        };
    }

    private static Binder? BinderFor(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (Implements(type, typeof(IJsonBody<>)))
        {
            var optional = new NullabilityInfoContext().Create(parameter).ReadState == NullabilityState.Nullable;
            var read = Generic(nameof(ReadBody), type).CreateDelegate<Func<HttpContext, bool, (object?, ApiError?)>>();
            return (HttpContext http, out object? input) =>
            {
                (input, var error) = read(http, optional);
                return error;
            };
        }
        if (Implements(type, typeof(IQueryInput<>)))
        {
            var read = Generic(nameof(ReadQuery), type).CreateDelegate<Func<HttpContext, (object?, ApiError?)>>();
            return (HttpContext http, out object? input) =>
            {
                (input, var error) = read(http);
                return error;
            };
        }
        return null;
    }

    private static (object?, ApiError?) ReadBody<T>(HttpContext http, bool optional) where T : class
    {
        var error = JsonBodyReader.Read<T>(BufferedBody.Of(http), optional, out var input);
        return (input, error);
    }

    private static (object?, ApiError?) ReadQuery<T>(HttpContext http) where T : class
    {
        var error = QueryBinder<T>.Read(http.Request.Query, out var input);
        return (input, error);
    }

    private static bool Implements(Type type, Type generic) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == generic);

    private static MethodInfo Generic(string name, Type type) =>
        typeof(ApiInputFilter).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type);
}
