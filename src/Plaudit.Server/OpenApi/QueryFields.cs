using System.Globalization;

namespace Plaudit.Server.OpenApi;

/// <summary>
/// Reads query parameters with validation that names the parameter. The first problem wins and is
/// reported as code 3; an empty value counts as absent (clients send <c>start_time=</c>).
/// </summary>
public sealed class QueryFields(IQueryCollection query)
{
    public ApiError? Error { get; private set; }

    public string? String(string name, int maxLength = 255)
    {
        var value = Raw(name);
        if (value is not null && value.Length > maxLength)
        {
            Fail($"{name} must be at most {maxLength} characters.");
            return null;
        }
        return value;
    }

    public int? Int(string name, int min = int.MinValue, int max = int.MaxValue)
    {
        var value = Raw(name);
        if (value is null)
        {
            return null;
        }
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            Fail($"{name} must be an integer.");
            return null;
        }
        if (number < min || number > max)
        {
            Fail($"{name} must be between {min} and {max}.");
            return null;
        }
        return number;
    }

    public long? Long(string name, long min = long.MinValue, long max = long.MaxValue)
    {
        var value = Raw(name);
        if (value is null)
        {
            return null;
        }
        if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            Fail($"{name} must be an integer between {min} and {max}.");
            return null;
        }
        return number;
    }

    /// <summary>A 0/1 flag; <c>true</c>/<c>false</c> are accepted too.</summary>
    public bool? Flag(string name)
    {
        var value = Raw(name);
        switch (value?.ToLowerInvariant())
        {
            case null:
                return null;
            case "1" or "true":
                return true;
            case "0" or "false":
                return false;
            default:
                Fail($"{name} must be 0 or 1.");
                return null;
        }
    }

    /// <summary>A time as Unix seconds or RFC 3339 (a plain <c>yyyy-MM-dd HH:mm:ss</c> is read as UTC).</summary>
    public DateTime? Time(string name)
    {
        var value = Raw(name);
        if (value is null)
        {
            return null;
        }
        if (WireTime.TryParse(value, out var time))
        {
            return time;
        }
        Fail($"{name} must be Unix seconds or an RFC 3339 time.");
        return null;
    }

    /// <summary>A comma-separated list of ids.</summary>
    public IReadOnlyList<string>? List(string name, int maxItems = 100, int maxItemLength = 64)
    {
        var value = Raw(name);
        if (value is null)
        {
            return null;
        }
        var items = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0)
        {
            return null;
        }
        if (items.Length > maxItems || items.Any(i => i.Length > maxItemLength))
        {
            Fail($"{name} takes at most {maxItems} comma-separated values of at most {maxItemLength} characters.");
            return null;
        }
        return items.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>One of a fixed set of values.</summary>
    public string? OneOf(string name, IReadOnlyCollection<string> allowed)
    {
        var value = Raw(name);
        if (value is not null && !allowed.Contains(value))
        {
            Fail($"{name} must be one of: {string.Join(", ", allowed)}.");
            return null;
        }
        return value;
    }

    private string? Raw(string name)
    {
        var values = query[name];
        var value = values.Count == 0 ? null : values[^1]?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private void Fail(string detail) => Error ??= ApiError.InvalidArgument(detail);
}
