using System.Buffers;
using System.Text.Json;

namespace Plaudit.Server.OpenApi;

public static class ApiEnvelopeWriter
{
    public static Task WriteErrorAsync(HttpContext httpContext, ApiError error, int httpStatus = StatusCodes.Status200OK) =>
        WriteAsync<object?>(httpContext, null, httpStatus, error);

    public static Task WriteAsync<T>(HttpContext httpContext, T? data, int httpStatus, ApiError? error = null) =>
        WriteEnvelopeAsync(httpContext, httpStatus, error, 4096, writer =>
        {
            if (error is null && data is not null)
            {
                JsonSerializer.Serialize(writer, data, OpenApiJson.Options);
            }
            else
            {
                writer.WriteNullValue();
            }
        });

    // The success envelope up to its data, the same for every answer: {"code":0,...,"data":
    private static readonly byte[] SuccessPrefix = BuildSuccessPrefix();

    /// <summary>
    /// A success envelope around <c>data</c> that is already serialized JSON (the read cache's hits):
    /// its pieces go straight into the response pipe, so the data is copied once, not into a buffer first.
    /// </summary>
    public static async Task WriteRawDataAsync(HttpContext httpContext, ReadOnlyMemory<byte> data)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var time = httpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds();
        var suffix = new ArrayBufferWriter<byte>(96);
        suffix.Write(",\"request_id\":\""u8);
        suffix.Write(JsonEncodedText.Encode(httpContext.TraceIdentifier, OpenApiJson.Options.Encoder).EncodedUtf8Bytes);
        suffix.Write("\",\"time\":"u8);
        System.Buffers.Text.Utf8Formatter.TryFormat(time, suffix.GetSpan(20), out var written);
        suffix.Advance(written);
        suffix.Write("}"u8);

        response.ContentLength = SuccessPrefix.Length + data.Length + suffix.WrittenCount;
        var pipe = response.BodyWriter;
        pipe.Write(SuccessPrefix);
        pipe.Write(data.Span);
        pipe.Write(suffix.WrittenSpan);
        await pipe.FlushAsync(httpContext.RequestAborted);
    }

    private static byte[] BuildSuccessPrefix()
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = OpenApiJson.Options.Encoder, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("code", (int)ApiCode.Ok);
            writer.WriteNumber("reason_code", (int)ApiCode.Ok);
            writer.WriteString("message", ApiCodeMessages.For(ApiCode.Ok));
            writer.WritePropertyName("data");
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static async Task WriteEnvelopeAsync(HttpContext httpContext, int httpStatus, ApiError? error, int sizeHint, Action<Utf8JsonWriter> writeData)
    {
        var response = httpContext.Response;
        response.StatusCode = httpStatus;
        response.ContentType = "application/json; charset=utf-8";
        var clock = httpContext.RequestServices.GetRequiredService<TimeProvider>();
        var code = error?.Code ?? ApiCode.Ok;

        // Written whole first, so the response carries a Content-Length and goes out in one piece
        // instead of chunked.
        using var body = new PooledResponseBuffer(sizeHint);
        using (var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = OpenApiJson.Options.Encoder }))
        {
            WriteEnvelope(writer, httpContext, clock, code, error, writeData);
        }
        response.ContentLength = body.WrittenCount;
        await response.Body.WriteAsync(body.WrittenMemory, httpContext.RequestAborted);
    }

    private static void WriteEnvelope(Utf8JsonWriter writer, HttpContext httpContext, TimeProvider clock, ApiCode code, ApiError? error, Action<Utf8JsonWriter> writeData)
    {
        writer.WriteStartObject();
        writer.WriteNumber("code", (int)code);
        writer.WriteNumber("reason_code", (int)code);
        writer.WriteString("message", error?.Message ?? ApiCodeMessages.For(ApiCode.Ok));
        writer.WritePropertyName("data");
        writeData(writer);
        writer.WriteString("request_id", httpContext.TraceIdentifier);
        writer.WriteNumber("time", clock.GetUtcNow().ToUnixTimeSeconds());
        writer.WriteEndObject();
    }
}
