using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace Plaudit.Server.OpenApi;

/// <summary>
/// The spec's response envelope as a typed result: HTTP 200 with <c>code</c>, <c>reason_code</c>,
/// <c>message</c>, <c>data</c>, <c>request_id</c> and <c>time</c>, on success and on error alike.
/// </summary>
public sealed class ApiResponse<T> : IResult, IEndpointMetadataProvider, IApiSuccess
{
    // Data a reader wrote as wire JSON itself, already in the form T serializes to.
    private readonly byte[]? _serialized;

    private ApiResponse(T? data, ApiError? error, byte[]? serialized = null)
    {
        Data = data;
        Error = error;
        _serialized = serialized;
    }

    public T? Data { get; }
    public ApiError? Error { get; }

    public static ApiResponse<T> Ok(T data) => new(data, null);

    /// <summary>
    /// Success with data already written as wire JSON: what serializing a <typeparamref name="T"/> would
    /// give, byte for byte (a hot reader writes its rows straight to JSON instead of building objects).
    /// </summary>
    public static ApiResponse<T> OkSerialized(byte[] json) => new(default, null, json);

    bool IApiSuccess.Succeeded => Error is null;

    byte[] IApiSuccess.SerializeData() => _serialized ?? JsonSerializer.SerializeToUtf8Bytes(Data, OpenApiJson.Options);

    public static ApiResponse<T> Fail(ApiError error) => new(default, error);

    public static implicit operator ApiResponse<T>(ApiError error) => Fail(error);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (Error is not null)
        {
            return ApiEnvelopeWriter.WriteErrorAsync(httpContext, Error);
        }
        if (_serialized is not null)
        {
            return ApiEnvelopeWriter.WriteRawDataAsync(httpContext, _serialized);
        }
        return ApiEnvelopeWriter.WriteAsync(httpContext, Data, StatusCodes.Status200OK);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(Envelope<T>), ["application/json"]));
}
