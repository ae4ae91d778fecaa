using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Plaudit.Server.OpenApi.Input;

/// <summary>
/// Turns an input record's annotations into how it is read, once per type: each field gets a
/// converter with its limits (<c>[MaxLength]</c>, <c>[Range]</c>, <see cref="IdAttribute"/>,
/// <see cref="HttpUrlAttribute"/>, ...), and <c>[Required]</c> fields and list lengths are checked when
/// the object ends. The same annotations describe the field in the OpenAPI document.
/// </summary>
public static class InputContract
{
    public static void Apply(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        var checks = new List<Action<object>>();
        foreach (var property in type.Properties)
        {
            var member = property.AttributeProvider;
            var requiredAttribute = Attribute<RequiredAttribute>(member);
            var required = requiredAttribute is not null;
            var maxLength = Attribute<MaxLengthAttribute>(member)?.Length;
            // [Required(AllowEmptyStrings = true)]: the field must be there, but empty text means something (no reply).
            if (ConverterFor(property.PropertyType, member, requiredAttribute is { AllowEmptyStrings: false }, maxLength) is { } converter)
            {
                property.CustomConverter = converter;
            }
            var (name, get) = (property.Name, property.Get!);
            if (required)
            {
                checks.Add(input =>
                {
                    if (get(input) is null)
                    {
                        throw new InputProblem("is required", name);
                    }
                });
            }
            if (maxLength is { } maxItems && property.PropertyType != typeof(string))
            {
                checks.Add(input =>
                {
                    if (get(input) is ICollection { Count: var count } && count > maxItems)
                    {
                        throw new InputProblem($"must have at most {maxItems} items", name);
                    }
                });
            }
        }
        if (checks.Count > 0)
        {
            type.OnDeserialized = input => checks.ForEach(check => check(input));
        }
    }

    private static JsonConverter? ConverterFor(Type type, ICustomAttributeProvider? member, bool required, int? maxLength)
    {
        if (type == typeof(string))
        {
            return Attribute<IdAttribute>(member) is not null
                ? new IdConverter(maxLength ?? IdConverter.DefaultMaxLength, required)
                : new TextConverter(maxLength ?? TextConverter.DefaultMaxLength, required, Attribute<HttpUrlAttribute>(member) is not null);
        }
        if (type == typeof(int?) && Attribute<RangeAttribute>(member) is { } range)
        {
            return new IntegerConverter((int)range.Minimum, (int)range.Maximum);
        }
        if (type == typeof(bool?) && Attribute<TrueOrFalseAttribute>(member) is not null)
        {
            return TrueOrFalseConverter.Instance;
        }
        return null;
    }

    private static T? Attribute<T>(ICustomAttributeProvider? member) where T : Attribute =>
        member?.GetCustomAttributes(typeof(T), inherit: true).OfType<T>().FirstOrDefault();
}
