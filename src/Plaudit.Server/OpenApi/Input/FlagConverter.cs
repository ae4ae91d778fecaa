using System.Text.Json;
using System.Text.Json.Serialization;

namespace Plaudit.Server.OpenApi.Input;

/// <summary>The spec's 0/1 flags: <c>0</c>, <c>1</c>, <c>"0"</c>, <c>"1"</c>, or a JSON boolean.</summary>
public sealed class FlagConverter : JsonConverter<bool?>
{
    public static readonly FlagConverter Instance = new();

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Number when reader.TryGetInt32(out var n) && n is 0 or 1 => n == 1,
        JsonTokenType.String when reader.GetString() is var text && text is "0" or "1" => text == "1",
        _ => throw new InputProblem("must be 0 or 1"),
    };

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } flag)
        {
            writer.WriteNumberValue(flag ? 1 : 0);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
