using System.Text.Json;

namespace Plaudit.Server.Storefront;

/// <summary>Events of one page: what they share (client, page, device) once, then each event's type and properties.</summary>
public sealed record StorefrontEventBatchRequest(
    string? ClientId, string? PageUrl, string? DeviceType, string? OsType, IReadOnlyList<StorefrontBatchedEvent>? Events);

public sealed record StorefrontBatchedEvent(string? EventType, JsonElement? Properties);
