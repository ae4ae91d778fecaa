using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Plaudit.Server.OpenApi.Input;

/// <summary>Reads an <see cref="IdAttribute"/> field: a string or an integer, as its trimmed string form.</summary>
public sealed class IdConverter(int maxLength, bool required) : JsonConverter<string>
{
    public const int DefaultMaxLength = 64;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString()!.Trim(),
            JsonTokenType.Number when reader.TryGetInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
            _ => throw new InputProblem("must be a string or an integer id"),
        };
        if (text.Length == 0)
        {
            return required ? throw new InputProblem("must not be empty") : null;
        }
        if (text.Length > maxLength)
        {
            throw new InputProblem($"must be at most {maxLength} characters");
        }
        return text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
