using System.Text.Json;
using System.Text.Json.Serialization;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Reviews;

/// <summary>
/// A review's <c>media</c>, in either shape: an array of <see cref="ReviewMediaItemRequest"/> (the
/// payload's), or an object in <see cref="GroupedMediaRequest"/> (Trustoo's create shape).
/// </summary>
public sealed class ReviewMediaConverter : JsonConverter<IReadOnlyList<ReviewMedia>>
{
    public const int MaxMedia = 20;

    public override IReadOnlyList<ReviewMedia> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var media = JsonDocument.ParseValue(ref reader);
        var value = media.RootElement;
        try
        {
            if (value.ValueKind == JsonValueKind.Object)
            {
                return value.Deserialize<GroupedMediaRequest>(options)!.ToReviewMedia();
            }
            if (value.ValueKind != JsonValueKind.Array)
            {
                throw new InputProblem("must be an array");
            }
            if (value.GetArrayLength() > MaxMedia)
            {
                throw new InputProblem($"must have at most {MaxMedia} items");
            }
            var items = value.Deserialize<List<ReviewMediaItemRequest?>>(options)!;
            if (items.IndexOf(null) is var nullAt and >= 0)
            {
                throw new InputProblem("must be an object", $"[{nullAt}]");
            }
            return items.Select(m => m!.ToReviewMedia()).ToList();
        }
        catch (JsonException failure) when (failure.Path is not null)
        {
            // Read on its own, the field's path starts again at $: carried on below "media".
            throw InputJson.Within(failure, value.ValueKind == JsonValueKind.Object ? typeof(GroupedMediaRequest) : typeof(List<ReviewMediaItemRequest>));
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<ReviewMedia> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}
