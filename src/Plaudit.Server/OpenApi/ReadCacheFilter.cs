namespace Plaudit.Server.OpenApi;

/// <summary>Serves a read endpoint marked <see cref="ReadCacheEndpoints.CacheReads"/> from <see cref="ReadCache"/>, and fills it from successful answers.</summary>
public sealed class ReadCacheFilter(ReadCache cache) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var marked = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<CachedRead>() is not null;
        var key = marked && cache.Enabled ? ReadCache.KeyFor(context.HttpContext) : null;
        return key is null ? next(context) : ServeAsync(context, next, key);
    }

    private async ValueTask<object?> ServeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, string key)
    {
        if (cache.TryGet(key, out var cached))
        {
            return new CachedData(cached);
        }
        var result = await next(context);
        if (result is IApiSuccess { Succeeded: true } success)
        {
            var data = success.SerializeData();
            cache.Set(key, data);
            return new CachedData(data);
        }
        return result;
    }

    private sealed class CachedData(ReadOnlyMemory<byte> data) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => ApiEnvelopeWriter.WriteRawDataAsync(httpContext, data);
    }
}
