using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.RegularExpressions;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Storefront;

/// <summary>A customer event from the widget.</summary>
public sealed partial record CustomerEventRequest(
    [property: Required, MaxLength(40), Description("VIEW_REVIEW, EXPAND_CONTENT, CLICK_REVIEW, SUBMIT_REVIEW, VIEW_WIDGET, CLICK_MEDIA, ...")] string EventType,
    [property: MaxLength(100)] string? ClientId,
    [property: MaxLength(2048)] string? PageUrl,
    [property: MaxLength(40)] string? DeviceType,
    [property: MaxLength(40)] string? OsType,
    [property: Description("Any JSON object (at most Storefront:MaxEventPropertiesBytes).")] JsonElement? Properties)
    : IJsonBody<CustomerEventRequest>, IValidatedInput
{
    public string PropertiesJson => Properties?.GetRawText() ?? "{}";

    public FieldProblem? Validate() =>
        !EventTypePattern().IsMatch(EventType)
            ? new FieldProblem("event_type", "must be an upper-case name such as VIEW_REVIEW, EXPAND_CONTENT, CLICK_REVIEW or SUBMIT_REVIEW")
        : Properties is { ValueKind: not JsonValueKind.Object }
            ? new FieldProblem("properties", "must be an object")
        : null;

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,39}$")]
    private static partial Regex EventTypePattern();
}
