using System.Text.Json;
using System.Text.Json.Serialization;

namespace Plaudit.Server.OpenApi.Input;

/// <summary>
/// A time field: an RFC 3339 string or Unix seconds (a number or a numeric string), read as UTC.
/// Blank text, and values of another kind, count as absent, as they always have.
/// </summary>
public sealed class TimeConverter : JsonConverter<DateTime?>
{
    public static readonly TimeConverter Instance = new();

    public override DateTime? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => IntegerConverter.RawText(ref reader),
            _ => null,
        };
        reader.Skip();
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        return WireTime.TryParse(text, out var time) ? time : throw new InputProblem("must be an RFC 3339 time or Unix seconds");
    }

    public override void Write(Utf8JsonWriter writer, DateTime? value, JsonSerializerOptions options) => writer.WriteStringValue(WireTime.Format(value));
}
