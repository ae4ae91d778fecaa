using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.Metadata;

namespace Plaudit.Server.OpenApi.Input;

/// <summary>
/// A record a handler takes as its JSON body: read by <see cref="ApiInputFilter"/> from the buffered
/// bytes (the ones the signature covers), and documented as the endpoint's request body. A handler
/// parameter declared nullable makes the body optional: an empty body binds to null.
/// </summary>
public interface IJsonBody<TSelf> : IBindableFromHttpContext<TSelf>, IEndpointParameterMetadataProvider
    where TSelf : class, IJsonBody<TSelf>
{
    /// <summary>
    /// ASP.NET binds parameters before any filter runs, and the caller is authenticated in a filter: a
    /// placeholder stands in until <see cref="ApiInputFilter"/>, after authentication, reads the body.
    /// </summary>
    static ValueTask<TSelf?> IBindableFromHttpContext<TSelf>.BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<TSelf?>(Placeholder.Instance);

    static void IEndpointParameterMetadataProvider.PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(TSelf)));

    private static class Placeholder
    {
        public static readonly TSelf Instance = (TSelf)RuntimeHelpers.GetUninitializedObject(typeof(TSelf));
    }
}
