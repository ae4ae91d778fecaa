using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Plaudit.Server.OpenApi;

/// <summary>
/// The spec's response envelope as a typed result: HTTP 200 with <c>code</c>, <c>reason_code</c>,
/// <c>message</c>, <c>data</c>, <c>request_id</c> and <c>time</c>, on success and on error alike.
/// </summary>
public sealed class ApiResponse<T> : IResult, IEndpointMetadataProvider, IApiSuccess
{
    private ApiResponse(T? data, ApiError? error)
    {
        Data = data;
        Error = error;
    }

    public T? Data { get; }
    public ApiError? Error { get; }

    public static ApiResponse<T> Ok(T data) => new(data, null);

    bool IApiSuccess.Succeeded => Error is null;
    object? IApiSuccess.Data => Data;
    Type IApiSuccess.DataType => typeof(T);
    public static ApiResponse<T> Fail(ApiError error) => new(default, error);

    public static implicit operator ApiResponse<T>(ApiError error) => Fail(error);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (Error is not null)
        {
            return ApiEnvelopeWriter.WriteErrorAsync(httpContext, Error);
        }
        return ApiEnvelopeWriter.WriteAsync(httpContext, Data, StatusCodes.Status200OK);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(Envelope<T>), ["application/json"]));
}
