using System.Globalization;
using Plaudit.Server.OpenApi;

namespace Plaudit.Server.CustomerEvents;

/// <summary>A customer event on the wire: the fields of the spec's customer_event/created payload.</summary>
public sealed record CustomerEventJson(
    string Id,
    string ClientId,
    string EventType,
    string EventSource,
    string DeviceType,
    string OsType,
    string PageUrl,
    string CreatedAt,
    string Properties)
{
    public static CustomerEventJson From(CustomerEvent e) => new(
        e.Id.ToString(CultureInfo.InvariantCulture),
        e.ClientId,
        e.EventType,
        e.EventSource,
        e.DeviceType,
        e.OsType,
        e.PageUrl,
        WireTime.Format(e.CreatedAt),
        e.Properties);
}
