using System.Text.Json;

namespace Plaudit.Client;

/// <summary>The HTTP status and raw body of a response, with the envelope's fields parsed on demand.</summary>
public sealed class ApiEnvelope(int httpStatus, string raw)
{
    private JsonDocument? _document;

    public int HttpStatus { get; } = httpStatus;
    public string Raw { get; } = raw;
    public JsonElement Root => (_document ??= JsonDocument.Parse(Raw)).RootElement;
    public int Code => Root.GetProperty("code").GetInt32();
    public string Message => Root.GetProperty("message").GetString() ?? "";
    public JsonElement Data => Root.GetProperty("data");
}
