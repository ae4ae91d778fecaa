using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Plaudit.Server.OpenApi.Authentication;

namespace Plaudit.Server.OpenApi;

/// <summary>
/// For Open API paths (and the other subscription API shapes): assigns the request id, and reads the body once into memory (bounded by
/// <see cref="OpenApiOptions.MaxBodyBytes"/>, code 11 beyond it) so it can be both verified and parsed.
/// </summary>
public sealed class OpenApiRequestMiddleware(RequestDelegate next, IOptions<OpenApiOptions> options)
{
    public const string PathPrefix = "/api/v1/openapi";

    public async Task InvokeAsync(HttpContext context)
    {
        context.TraceIdentifier = Guid.NewGuid().ToString("N");
        context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;

        var limit = options.Value.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await context.ErrorResult(TooLarge(limit)).ExecuteAsync(context);
            return;
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<RequiresApiCredentials>() is not null
            && await ApiAuthenticationFilter.CheckBeforeBodyAsync(context) is { } credentialError)
        {
            // Credentials first: a body from someone who is not a caller is never read.
            await context.ErrorResult(credentialError).ExecuteAsync(context);
            return;
        }

        // The server knows whether a body can follow (HTTP/1.1 framing headers, an HTTP/2 stream left open).
        if (context.Request.ContentLength == 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
        {
            // No body (the usual GET): nothing to buffer.
            await next(context);
            return;
        }

        var body = await ReadBodyAsync(context.Request.Body, context.Request.ContentLength, limit, context.RequestAborted);
        if (body is null)
        {
            await context.ErrorResult(TooLarge(limit)).ExecuteAsync(context);
            return;
        }
        context.Features.Set(new BufferedBody(body));
        // Later readers (form binding on the OAuth token endpoint) see the same bytes.
        context.Request.Body = new MemoryStream(body, writable: false);
        await next(context);
    }

    private static ApiError TooLarge(int limit) =>
        ApiError.Create(ApiCode.OutOfRange, $"The request body is larger than {limit} bytes.");

    /// <summary>
    /// The whole body, or null when it is over the limit. With a Content-Length (the usual request) it is read
    /// straight into an array of that size; a chunked body goes through a pooled buffer.
    /// </summary>
    private static async Task<byte[]?> ReadBodyAsync(Stream body, long? contentLength, int limit, CancellationToken cancellationToken)
    {
        if (contentLength is { } length)
        {
            // Over the limit was refused before reading; Kestrel stops the body at Content-Length.
            var exact = new byte[length];
            int filled = 0, got;
            while (filled < exact.Length && (got = await body.ReadAsync(exact.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += got;
            }
            return filled == exact.Length ? exact : exact[..filled];
        }
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }
}
