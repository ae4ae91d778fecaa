using System.Text.Json;
using System.Text.Unicode;

namespace Plaudit.Server.OpenApi.Input;

/// <summary>
/// Reads a buffered body into an input record, answering the first problem as code 3: the body must
/// be a JSON object (checked whole first, so a syntax error wins and names its line and byte), hold
/// no string that text cannot store, and each field must meet its record's rules.
/// </summary>
public static class JsonBodyReader
{
    private const string NotAnObject = "The request body must be a JSON object.";

    public static ApiError? Read<T>(BufferedBody body, bool optional, out T? input) where T : class
    {
        input = null;
        if (body.IsEmpty)
        {
            return optional ? null : ApiError.InvalidArgument(NotAnObject);
        }
        var json = body.Bytes.Span;
        // Some clients (PowerShell, .NET's default UTF-8 writer) start the body with a byte order mark; the signature
        // covered it, and it says nothing about the JSON.
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }
        if (UnstorableText.In(json))
        {
            return ApiError.InvalidArgument(UnstorableText.Message);
        }
        if (SyntaxProblem(json) is { } syntax)
        {
            return ApiError.InvalidArgument(syntax);
        }
        try
        {
            input = JsonSerializer.Deserialize<T>(json, InputJson.Options)!;
        }
        catch (JsonException failure)
        {
            return ApiError.InvalidArgument(InputJson.Describe(failure, typeof(T)));
        }
        if (input is IValidatedInput validated && validated.Validate() is { } problem)
        {
            input = null;
            return problem.ToError();
        }
        return null;
    }

    private static string? SyntaxProblem(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            reader.Read();
            var root = reader.TokenType;
            while (reader.Read())
            {
            }
            if (root != JsonTokenType.StartObject)
            {
                return NotAnObject;
            }
        }
        catch (JsonException failure)
        {
            return $"The request body is not valid JSON (line {failure.LineNumber + 1}, byte {failure.BytePositionInLine + 1}).";
        }
        // The reader checks structure, not the bytes inside strings; reading those would throw later.
        return Utf8.IsValid(json) ? null : "The request body is not valid JSON: it is not UTF-8.";
    }
}
