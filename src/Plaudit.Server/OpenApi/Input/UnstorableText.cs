using System.Text.Json;

namespace Plaudit.Server.OpenApi.Input;

/// <summary>
/// Escapes like <c>"\ud800"</c> are valid JSON that no string can hold (reading one throws
/// InvalidOperationException, not JsonException), and PostgreSQL text cannot hold <c>\u0000</c>.
/// Checked up front, and only read token by token when such an escape appears.
/// </summary>
public static class UnstorableText
{
    public const string Message = "The request body has a string no text can hold: a NUL (\\u0000) or an unpaired UTF-16 surrogate (\\uD800-\\uDFFF).";

    public static bool In(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\\u0000"u8) >= 0)
        {
            return true;
        }
        if (!ContainsSurrogateEscape(json))
        {
            return false;
        }
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    reader.GetString();
                }
            }
        }
        catch (InvalidOperationException)
        {
            return true;
        }
        catch (JsonException)
        {
            // Malformed JSON: the syntax check reports it with its position.
        }
        return false;
    }

    private static bool ContainsSurrogateEscape(ReadOnlySpan<byte> json)
    {
        for (var at = json.IndexOf("\\u"u8); at >= 0 && at + 3 < json.Length; )
        {
            if (json[at + 2] is (byte)'d' or (byte)'D' && json[at + 3] is >= (byte)'8' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F')
            {
                return true;
            }
            var next = json[(at + 2)..].IndexOf("\\u"u8);
            at = next < 0 ? -1 : at + 2 + next;
        }
        return false;
    }
}
