using System.Globalization;
using System.Text.Json;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.OpenApi;

/// <summary>
/// Reads a JSON request body field by field, with messages that name the field (<c>reply.content</c>).
/// The first problem wins and is reported as code 3. Ids and integers are accepted as numbers or
/// numeric strings, flags as 0/1 or booleans, because clients in different languages send both.
/// </summary>
public sealed class JsonFields
{
    private readonly JsonElement _object;
    private readonly string _prefix;
    private readonly ErrorSlot _errors;

    private JsonFields(JsonElement obj, string prefix, ErrorSlot errors)
    {
        _object = obj;
        _prefix = prefix;
        _errors = errors;
    }

    public ApiError? Error => _errors.Error;

    /// <summary>Parses the body as a JSON object; on failure returns the code 3 error instead.</summary>
    public static JsonFields Parse(BufferedBody body, out ApiError? error)
    {
        error = null;
        var errors = new ErrorSlot();
        if (body.IsEmpty)
        {
            error = ApiError.InvalidArgument("The request body must be a JSON object.");
            return new JsonFields(default, "", errors);
        }
        try
        {
            if (UnstorableText.In(body.Bytes.Span))
            {
                error = ApiError.InvalidArgument(UnstorableText.Message);
                return new JsonFields(default, "", errors);
            }
            using var document = JsonDocument.Parse(body.Bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = ApiError.InvalidArgument("The request body must be a JSON object.");
                return new JsonFields(default, "", errors);
            }
            return new JsonFields(document.RootElement.Clone(), "", errors);
        }
        catch (JsonException ex)
        {
            error = ApiError.InvalidArgument($"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
            return new JsonFields(default, "", errors);
        }
    }

    /// <summary>The JSON kind of a field (<see cref="JsonValueKind.Undefined"/> when absent or null), for fields that take two shapes.</summary>
    public JsonValueKind KindOf(string name) => TryGet(name, out var value) ? value.ValueKind : JsonValueKind.Undefined;

    public string? String(string name, bool required = false, int maxLength = 255)
    {
        if (!TryGet(name, out var value))
        {
            return Missing<string>(name, required);
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            return Fail<string>(name, "must be a string");
        }
        var text = value.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            return Fail<string>(name, "must not be empty");
        }
        if (text.Length > maxLength)
        {
            return Fail<string>(name, $"must be at most {maxLength} characters");
        }
        return text;
    }

    public int? Int(string name, bool required = false, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!TryGet(name, out var value))
        {
            return MissingValue<int>(name, required);
        }
        int? number = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var n) => n,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
        if (number is null)
        {
            return FailValue<int>(name, "must be an integer");
        }
        if (number < min || number > max)
        {
            return FailValue<int>(name, $"must be between {min} and {max}");
        }
        return number;
    }

    public bool? Flag(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.TryGetInt32(out var n) && n is 0 or 1 => n == 1,
            JsonValueKind.String when value.GetString() is "0" or "1" => value.GetString() == "1",
            _ => FailValue<bool>(name, "must be 0 or 1"),
        };
    }

    public DateTime? Time(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        return WireTime.TryParse(text, out var time) ? time : FailValue<DateTime>(name, "must be an RFC 3339 time or Unix seconds");
    }

    /// <summary>A field's JSON exactly as sent (for values kept as text, like a customer event's properties).</summary>

    /// <summary>A nested object, whose fields are then named <c>name.field</c> in messages.</summary>
    public JsonFields? Object(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return Fail<JsonFields>(name, "must be an object");
        }
        return new JsonFields(value, Path(name) + ".", _errors);
    }

    public IReadOnlyList<JsonElement>? Array(string name, int maxItems)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            return Fail<IReadOnlyList<JsonElement>>(name, "must be an array");
        }
        if (value.GetArrayLength() > maxItems)
        {
            return Fail<IReadOnlyList<JsonElement>>(name, $"must have at most {maxItems} items");
        }
        return value.EnumerateArray().ToList();
    }

    /// <summary>Records a problem found by the caller's own rule (e.g. two fields that conflict).</summary>
    public void Reject(string name, string problem) => Fail<object>(name, problem);

    private bool TryGet(string name, out JsonElement value)
    {
        if (_object.ValueKind == JsonValueKind.Object && _object.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }
        value = default;
        return false;
    }

    private string Path(string name) => _prefix + name;

    private T? Missing<T>(string name, bool required) where T : class =>
        required ? Fail<T>(name, "is required") : null;

    private T? MissingValue<T>(string name, bool required) where T : struct =>
        required ? FailValue<T>(name, "is required") : null;

    private T? Fail<T>(string name, string problem) where T : class
    {
        _errors.Error ??= ApiError.InvalidArgument($"{Path(name)} {problem}.");
        return null;
    }

    private T? FailValue<T>(string name, string problem) where T : struct
    {
        _errors.Error ??= ApiError.InvalidArgument($"{Path(name)} {problem}.");
        return null;
    }

    private sealed class ErrorSlot
    {
        public ApiError? Error { get; set; }
    }
}
