using System.Text.Json;

namespace Plaudit.Server.OpenApi;

/// <summary>Serves a read endpoint from <see cref="ReadCache"/>, and fills it from successful answers.</summary>
public sealed class ReadCacheFilter(ReadCache cache) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var key = cache.Enabled ? ReadCache.KeyFor(context.HttpContext) : null;
        if (key is null)
        {
            return await next(context);
        }
        if (cache.TryGet(key, out var cached))
        {
            return new CachedData(cached);
        }
        var result = await next(context);
        if (result is IApiSuccess { Succeeded: true } success)
        {
            var data = JsonSerializer.SerializeToUtf8Bytes(success.Data, success.DataType, OpenApiJson.Options);
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
