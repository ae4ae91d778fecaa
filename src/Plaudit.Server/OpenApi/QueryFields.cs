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
