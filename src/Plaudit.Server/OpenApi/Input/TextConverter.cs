using System.Text.Json;
using System.Text.Json.Serialization;

namespace Plaudit.Server.OpenApi.Input;

/// <summary>A text field: a JSON string within its field's length; <c>[Required]</c> also refuses blank text.</summary>
public sealed class TextConverter(int maxLength, bool required, bool httpUrl) : JsonConverter<string>
{
    public const int DefaultMaxLength = 255;

    public static readonly TextConverter Default = new(DefaultMaxLength, required: false, httpUrl: false);

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new InputProblem("must be a string");
        }
        var text = reader.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            throw new InputProblem("must not be empty");
        }
        if (text.Length > maxLength)
        {
            throw new InputProblem($"must be at most {maxLength} characters");
        }
        if (httpUrl && text.Length > 0 && !HttpUrlAttribute.IsHttpUrl(text))
        {
            throw new InputProblem("must be an absolute http(s) URL");
        }
        return text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
