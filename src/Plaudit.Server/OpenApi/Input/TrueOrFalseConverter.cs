using System.Text.Json;
using System.Text.Json.Serialization;

namespace Plaudit.Server.OpenApi.Input;

/// <summary>Reads a <see cref="TrueOrFalseAttribute"/> field: JSON <c>true</c> or <c>false</c> only.</summary>
public sealed class TrueOrFalseConverter : JsonConverter<bool?>
{
    public static readonly TrueOrFalseConverter Instance = new();

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new InputProblem("must be true or false"),
    };

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } flag)
        {
            writer.WriteBooleanValue(flag);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
