namespace Plaudit.Server.Storefront;

public sealed record CustomerEventRequest(string EventType, string? ClientId, string? PageUrl, string? DeviceType, string? OsType, object? Properties);
