using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.Metadata;

namespace Plaudit.Server.OpenApi.Input;

/// <summary>
/// A record a handler takes as (part of) its query string: each constructor parameter is one query
/// parameter, named in snake_case, read by <see cref="ApiInputFilter"/> through <see cref="QueryBinder{T}"/>,
/// and documented from the same record.
/// </summary>
public interface IQueryInput<TSelf> : IBindableFromHttpContext<TSelf>, IEndpointParameterMetadataProvider
    where TSelf : class, IQueryInput<TSelf>
{
    /// <summary>A placeholder until <see cref="ApiInputFilter"/> reads the query, after authentication and the read cache.</summary>
    static ValueTask<TSelf?> IBindableFromHttpContext<TSelf>.BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<TSelf?>(Placeholder.Instance);

    static void IEndpointParameterMetadataProvider.PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new QueryParameterList(QueryBinder<TSelf>.Parameters));

    private static class Placeholder
    {
        public static readonly TSelf Instance = (TSelf)RuntimeHelpers.GetUninitializedObject(typeof(TSelf));
    }
}
