using Microsoft.AspNetCore.Diagnostics;

namespace Plaudit.Server.OpenApi;

/// <summary>
/// The envelope for what no handler answers: unknown paths (code 5), wrong methods (code 5), and
/// unhandled exceptions (code 13, logged with the request id, no details out).
/// </summary>
public static class OpenApiErrorHandling
{
    public static bool IsOpenApiPath(HttpContext context) =>
        context.Request.Path.StartsWithSegments(OpenApiRequestMiddleware.PathPrefix, StringComparison.OrdinalIgnoreCase);

    public static IApplicationBuilder UseOpenApiErrorEnvelope(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = _ => StatusCodes.Status200OK,
            ExceptionHandler = WriteUnhandledAsync,
        });
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (!IsOpenApiPath(http) || http.Response.HasStarted)
            {
                return;
            }
            var error = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => ApiError.NotFound($"No such endpoint: {http.Request.Method} {http.Request.Path}."),
                StatusCodes.Status405MethodNotAllowed => ApiError.NotFound($"{http.Request.Path} does not accept {http.Request.Method}."),
                StatusCodes.Status413PayloadTooLarge => ApiError.Create(ApiCode.OutOfRange, "The request body is too large."),
                StatusCodes.Status415UnsupportedMediaType => ApiError.InvalidArgument($"The body must be JSON, sent with Content-Type: application/json (got {http.Request.ContentType})."),
                var status => ApiError.Create(ApiCode.InvalidArgument, $"The request was rejected (HTTP {status})."),
            };
            // The spec answers everything with HTTP 200; only a miss (no such path or method) keeps its status.
            var answered = http.Response.StatusCode is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed
                ? http.Response.StatusCode
                : StatusCodes.Status200OK;
            await ApiEnvelopeWriter.WriteErrorAsync(http, error, answered);
        });
        return app;
    }

    private static async Task WriteUnhandledAsync(HttpContext context)
    {
        var failure = context.Features.Get<IExceptionHandlerFeature>();
        var exception = failure?.Error;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Plaudit.OpenApi");
        if (exception is BadHttpRequestException badRequest)
        {
            // Kestrel's own limits (e.g. body size) and malformed requests: the client's fault, not ours.
            var code = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? ApiCode.OutOfRange : ApiCode.InvalidArgument;
            await context.ErrorResult(ApiError.Create(code, badRequest.Message)).ExecuteAsync(context);
            return;
        }
        if (exception is InvalidDataException malformed)
        {
            // What the form and multipart readers throw on a malformed body (a key over their limits, say).
            await context.ErrorResult(ApiError.InvalidArgument($"The request body could not be read: {malformed.Message}")).ExecuteAsync(context);
            return;
        }
        logger.LogError(exception, "Unhandled error in request {RequestId} {Method} {Path}", context.TraceIdentifier, context.Request.Method, context.Request.Path);
        // The exception handler clears the request's endpoint before it re-runs; the feature keeps the one that failed.
        if ((failure?.Endpoint ?? context.GetEndpoint())?.Metadata.GetMetadata<IApiErrorFormat>() is { } format)
        {
            await format.Result(ApiError.Create(ApiCode.Internal)).ExecuteAsync(context);
        }
        else if (IsOpenApiPath(context))
        {
            await ApiEnvelopeWriter.WriteErrorAsync(context, ApiError.Create(ApiCode.Internal));
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
    }
}
