using System.Text.Encodings.Web;
using System.Text.Json;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// How delivery formats write the JSON around an event's payload: escaped as little as the Open API's
/// answers are (URLs and text verbatim), so a receiver sees the same characters either way.
/// </summary>
public static class PayloadJson
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
