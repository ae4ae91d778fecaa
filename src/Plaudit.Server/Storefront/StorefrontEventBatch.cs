using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Plaudit.Server.CustomerEvents;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Storefront;

/// <summary>
/// Customer events sent together: a widget collects what a shopper does on a page (views, expands,
/// photo clicks) and sends them at intervals instead of one request each. The rules are the single
/// event's; the batch is refused whole when one event breaks them, and each event still fires its
/// own customer_event/created. The recorder commits the events that arrive together in one transaction.
/// </summary>
public static partial class StorefrontEventBatch
{
    public const int MaxEvents = 25;

    public static async Task<IResult> RecordAsync(
        HttpContext http, CustomerEventRecorder recorder, IOptions<StorefrontOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await StorefrontShop.FindAsync(http, cancellationToken) is not { } shop)
        {
            return StorefrontErrors.Json(StatusCodes.Status404NotFound, "not_found", "Unknown public_token: pass the shop's public token as ?public_token=.");
        }
        var body = BufferedBody.Of(http).Bytes;
        if (UnstorableText.In(body.Span))
        {
            return Invalid(UnstorableText.Message);
        }
        StorefrontEventBatchRequest? batch;
        try
        {
            batch = JsonSerializer.Deserialize<StorefrontEventBatchRequest>(body.Span, OpenApiJson.Options);
        }
        catch (JsonException)
        {
            return Invalid("The request body must be a JSON object with an events array.");
        }
        if (batch?.Events is not { Count: > 0 and <= MaxEvents } events)
        {
            return Invalid($"events must be an array of 1 to {MaxEvents} events.");
        }
        if (Problem(batch) is { } shared)
        {
            return Invalid(shared);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var recorded = new List<CustomerEvent>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var item = events[i];
            if (item?.EventType is not { } type || !EventTypePattern().IsMatch(type))
            {
                return Invalid($"events[{i}].event_type must be an upper-case name such as VIEW_WIDGET, EXPAND_CONTENT or CLICK_MEDIA.");
            }
            var properties = item.Properties is { ValueKind: JsonValueKind.Object } p ? p.GetRawText()
                : item.Properties is null or { ValueKind: JsonValueKind.Null } ? "{}"
                : null;
            if (properties is null)
            {
                return Invalid($"events[{i}].properties must be an object.");
            }
            if (Encoding.UTF8.GetByteCount(properties) is var size && size > options.Value.MaxEventPropertiesBytes)
            {
                return StorefrontErrors.Json(StatusCodes.Status413PayloadTooLarge, "payload_too_large",
                    $"events[{i}].properties is {size} bytes of JSON; an event may carry at most {options.Value.MaxEventPropertiesBytes}.");
            }
            recorded.Add(new CustomerEvent
            {
                ShopId = shop.Id,
                EventType = type,
                EventSource = "STOREFRONT",
                ClientId = batch.ClientId ?? "",
                PageUrl = batch.PageUrl ?? "",
                DeviceType = batch.DeviceType ?? "",
                OsType = batch.OsType ?? "",
                Properties = properties,
                CreatedAt = now,
            });
        }
        // Queued together, so the recorder's group commit writes them in one transaction.
        var saved = await Task.WhenAll(recorded.Select(e => recorder.RecordAsync(e, cancellationToken)));
        return Results.Json(new StorefrontEventBatchJson(saved.Select(e => WireId.Of(e.Id)).ToList()), OpenApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static string? Problem(StorefrontEventBatchRequest batch) =>
        batch.ClientId?.Length > 100 ? "client_id must be at most 100 characters."
        : batch.PageUrl?.Length > 2048 ? "page_url must be at most 2048 characters."
        : batch.DeviceType?.Length > 40 ? "device_type must be at most 40 characters."
        : batch.OsType?.Length > 40 ? "os_type must be at most 40 characters."
        : null;

    private static IResult Invalid(string message) => StorefrontErrors.Json(StatusCodes.Status400BadRequest, "invalid_argument", message);

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,39}$")]
    private static partial Regex EventTypePattern();
}
