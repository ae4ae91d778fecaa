using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Plaudit.Server.OpenApi.Input;

/// <summary>An integer field, sent as a JSON number or a numeric string, within its <c>[Range]</c>.</summary>
public sealed class IntegerConverter(int min, int max) : JsonConverter<int?>
{
    public static readonly IntegerConverter Unbounded = new(int.MinValue, int.MaxValue);

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        int? number = reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt32(out var n) => n,
            JsonTokenType.String when int.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
        if (number is null)
        {
            throw new InputProblem("must be an integer");
        }
        if (number < min || number > max)
        {
            throw new InputProblem($"must be between {min} and {max}");
        }
        return number;
    }

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        if (value is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    internal static string RawText(ref Utf8JsonReader reader) => Encoding.UTF8.GetString(reader.ValueSpan);
}
