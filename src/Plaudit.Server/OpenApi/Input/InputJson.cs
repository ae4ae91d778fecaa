using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Plaudit.Server.OpenApi.Input;

/// <summary>
/// How request bodies are read into input records: snake_case names matched exactly, the lenient
/// converters of the spec's fields, and each record's <see cref="InputContract"/>. Built once; the
/// metadata of every record is cached in it after its first request.
/// </summary>
public static class InputJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { InputContract.Apply } },
            Converters = { TextConverter.Default, IntegerConverter.Unbounded, FlagConverter.Instance, TimeConverter.Instance },
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>The message for a failed read: the field's path (<c>media[0].url</c>) and what is wrong with it.</summary>
    public static string Describe(JsonException failure, Type input)
    {
        var path = failure.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : "";
        if (failure is InputProblem problem)
        {
            var field = problem.Field is null ? path : path.Length == 0 || problem.Field.StartsWith('[') ? path + problem.Field : $"{path}.{problem.Field}";
            return $"{field} {problem.Problem}.";
        }
        // The built-in converters of objects and lists: the value has the wrong shape.
        return $"{path} {ShapeOf(input, path)}.";
    }

    /// <summary>
    /// A failure inside a field read on its own (a field of two shapes, read by its converter), as a
    /// problem of that field: its converter's path then leads to the field, and this path continues it.
    /// </summary>
    public static InputProblem Within(JsonException failure, Type input)
    {
        var message = Describe(failure, input);
        var space = message.IndexOf(' ', StringComparison.Ordinal);
        var field = message[..space];
        return new InputProblem(message[(space + 1)..^1], field.Length == 0 ? null : field);
    }

    private static string ShapeOf(Type input, string path)
    {
        var type = input;
        foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            if (name.Length > 0)
            {
                type = Options.GetTypeInfo(type).Properties.FirstOrDefault(p => p.Name == name)?.PropertyType ?? type;
            }
            for (var i = bracket; i >= 0; i = segment.IndexOf('[', i + 1))
            {
                type = ElementType(type) ?? type;
            }
        }
        return ElementType(type) is not null ? "must be an array" : "must be an object";
    }

    private static Type? ElementType(Type type) =>
        type == typeof(string) ? null : type.IsArray ? type.GetElementType() : type.IsGenericType && type.GetGenericArguments() is [var element] && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? element : null;
}
