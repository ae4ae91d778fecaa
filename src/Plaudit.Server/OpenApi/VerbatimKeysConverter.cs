using System.Text.Json;
using System.Text.Json.Serialization;

namespace Plaudit.Server.OpenApi;

/// <summary>
/// A string map whose keys are sent as they are: HTTP header and form field names (<c>Content-Type</c>,
/// <c>x-amz-signature</c>) that a client copies onto its upload, where the wire's snake_case key
/// policy would turn <c>Content-Type</c> into a name no store knows.
/// </summary>
public sealed class VerbatimKeysConverter : JsonConverter<IReadOnlyDictionary<string, string>>
{
    public override IReadOnlyDictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(ref reader) ?? [];

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, text) in value)
        {
            writer.WriteString(name, text);
        }
        writer.WriteEndObject();
    }
}
