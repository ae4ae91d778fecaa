namespace Plaudit.Server.OpenApi;

public static class ApiErrorFormats
{
    /// <summary>The endpoint's error format, or the envelope.</summary>
    public static IResult ErrorResult(this HttpContext http, ApiError error) =>
        http.GetEndpoint()?.Metadata.GetMetadata<IApiErrorFormat>() is { } format
            ? format.Result(error)
            : new EnvelopeErrorResult(error);

    /// <summary>The HTTP status an API code maps to in the REST-style shapes.</summary>
    public static int HttpStatus(ApiCode code) => code switch
    {
        ApiCode.Unauthenticated or ApiCode.DeadlineExceeded => StatusCodes.Status401Unauthorized,
        ApiCode.PermissionDenied => StatusCodes.Status403Forbidden,
        ApiCode.NotFound => StatusCodes.Status404NotFound,
        ApiCode.AlreadyExists => StatusCodes.Status409Conflict,
        ApiCode.OutOfRange => StatusCodes.Status413PayloadTooLarge,
        ApiCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        ApiCode.Internal or ApiCode.Unknown => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status400BadRequest,
    };

    private sealed class EnvelopeErrorResult(ApiError error) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => ApiEnvelopeWriter.WriteErrorAsync(httpContext, error);
    }
}
