using Plaudit.Server.Shops;

namespace Plaudit.Server.CustomerEvents;

/// <summary>
/// A shopper's interaction with the reviews widget or emails (spec 3.6, customer_event/created).
/// Not <see cref="IShopData"/>: recording one leaves the shop's data version alone, so a page view
/// neither empties the read cache nor changes the review lists' ETags; get_customer_events is
/// therefore never served from the cache.
/// </summary>
public sealed class CustomerEvent
{
    public long Id { get; set; }
    public long ShopId { get; set; }
    public string ClientId { get; set; } = "";
    public string EventType { get; set; } = "";
    public string EventSource { get; set; } = "";
    public string DeviceType { get; set; } = "";
    public string OsType { get; set; } = "";
    public string PageUrl { get; set; } = "";

    /// <summary>A JSON object kept as text, as the spec's <c>properties</c> field is a string.</summary>
    public string Properties { get; set; } = "{}";

    public DateTime CreatedAt { get; set; }
}
