using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Plaudit.Server.OpenApi.Input;

/// <summary>
/// One query parameter of a query record, as its constructor parameter and property declare it. Its
/// last value counts, trimmed; an empty value counts as absent (clients send <c>start_time=</c>).
/// </summary>
public sealed class QueryField
{
    private enum Kind { Text, Integer, Long, Flag, Time, TextList, IntegerList }

    private readonly Kind _kind;
    private readonly string? _alias;
    private readonly bool _required;
    private readonly object? _default;
    private readonly int _maxLength;
    private readonly long _min;
    private readonly long _max;
    private readonly string[]? _allowed;
    private readonly ListLimitsAttribute _list;

    public QueryField(ParameterInfo parameter, PropertyInfo property)
    {
        Name = JsonNamingPolicy.SnakeCaseLower.ConvertName(parameter.Name!);
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        _kind = type == typeof(string) ? Kind.Text
            : type == typeof(int) ? Kind.Integer
            : type == typeof(long) ? Kind.Long
            : type == typeof(bool) ? Kind.Flag
            : type == typeof(DateTime) ? Kind.Time
            : type == typeof(IReadOnlyList<string>) ? Kind.TextList
            : type == typeof(IReadOnlyList<int>) ? Kind.IntegerList
            : throw new NotSupportedException($"{property.DeclaringType?.Name}.{property.Name}: a query parameter cannot be a {type.Name}.");
        _alias = property.GetCustomAttribute<AliasAttribute>()?.Name;
        _required = property.GetCustomAttribute<RequiredAttribute>() is not null;
        _default = parameter.HasDefaultValue ? parameter.DefaultValue : null;
        _maxLength = property.GetCustomAttribute<MaxLengthAttribute>()?.Length ?? TextConverter.DefaultMaxLength;
        var range = property.GetCustomAttribute<RangeAttribute>();
        (_min, _max) = range is null
            ? _kind == Kind.Long ? (long.MinValue, long.MaxValue) : (int.MinValue, int.MaxValue)
            : (Convert.ToInt64(range.Minimum, CultureInfo.InvariantCulture), Convert.ToInt64(range.Maximum, CultureInfo.InvariantCulture));
        _allowed = property.GetCustomAttribute<AllowedValuesAttribute>()?.Values.Select(v => (string)v!).ToArray();
        _list = property.GetCustomAttribute<ListLimitsAttribute>() ?? new ListLimitsAttribute(ListLimitsAttribute.DefaultMaxItems, ListLimitsAttribute.DefaultMaxItemLength);
        Documentation = new QueryParameter(Name, _kind is Kind.Integer or Kind.Long or Kind.Flag ? "integer" : "string",
            property.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "");
    }

    public string Name { get; }

    public QueryParameter Documentation { get; }

    /// <summary>Reads the parameter (or its alias when it is absent); on a problem returns the code 3 error naming it.</summary>
    public ApiError? Read(IQueryCollection query, out object? value)
    {
        var error = Read(query, Name, out value);
        if (error is null && value is null && _alias is not null)
        {
            error = Read(query, _alias, out value);
        }
        if (error is null && value is null)
        {
            if (_required)
            {
                return ApiError.InvalidArgument($"{Name} is required.");
            }
            value = _default;
        }
        return error;
    }

    private ApiError? Read(IQueryCollection query, string name, out object? value)
    {
        value = null;
        var values = query[name];
        var raw = values.Count == 0 ? null : values[^1]?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }
        switch (_kind)
        {
            case Kind.Text when _allowed is not null:
                return _allowed.Contains(raw) ? Found(raw, out value) : Problem($"{name} must be one of: {string.Join(", ", _allowed)}.");
            case Kind.Text:
                return raw.Length <= _maxLength ? Found(raw, out value) : Problem($"{name} must be at most {_maxLength} characters.");
            case Kind.Integer:
                return ReadInteger(name, raw, out value);
            case Kind.Long:
                return long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= _min && number <= _max
                    ? Found(number, out value)
                    : Problem($"{name} must be an integer between {_min} and {_max}.");
            case Kind.Flag:
                return raw.ToLowerInvariant() switch
                {
                    "1" or "true" => Found(true, out value),
                    "0" or "false" => Found(false, out value),
                    _ => Problem($"{name} must be 0 or 1."),
                };
            case Kind.Time:
                return WireTime.TryParse(raw, out var time) ? Found(time, out value) : Problem($"{name} must be Unix seconds or an RFC 3339 time.");
            case Kind.TextList:
                return ReadList(name, raw, out value);
            default:
                return ReadIntegerList(name, raw, out value);
        }
    }

    private ApiError? ReadInteger(string name, string raw, out object? value)
    {
        value = null;
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return Problem($"{name} must be an integer.");
        }
        return number >= _min && number <= _max ? Found(number, out value) : Problem($"{name} must be between {_min} and {_max}.");
    }

    /// <summary>A comma-separated list, each value once.</summary>
    private ApiError? ReadList(string name, string raw, out object? value)
    {
        value = null;
        var items = raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0)
        {
            return null;
        }
        if (items.Length > _list.MaxItems || items.Any(i => i.Length > _list.MaxItemLength))
        {
            return Problem($"{name} takes at most {_list.MaxItems} comma-separated values of at most {_list.MaxItemLength} characters.");
        }
        return Found(items.Distinct(StringComparer.Ordinal).ToList(), out value);
    }

    /// <summary>A list of integers in range; a bad one is reported as the whole value read as one integer, naming the range.</summary>
    private ApiError? ReadIntegerList(string name, string raw, out object? value)
    {
        var error = ReadList(name, raw, out var list);
        if (error is not null || list is not List<string> items)
        {
            value = null;
            return error;
        }
        var numbers = new List<int>(items.Count);
        foreach (var item in items)
        {
            if (!int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < _min || number > _max)
            {
                var wholeError = ReadInteger(name, raw, out _);
                value = null;
                return wholeError;
            }
            numbers.Add(number);
        }
        return Found(numbers, out value);
    }

    private static ApiError? Found(object found, out object? value)
    {
        value = found;
        return null;
    }

    private static ApiError Problem(string message) => ApiError.InvalidArgument(message);
}
