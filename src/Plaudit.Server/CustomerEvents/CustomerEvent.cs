using Plaudit.Server.Shops;

namespace Plaudit.Server.CustomerEvents;

/// <summary>A shopper's interaction with the reviews widget or emails (spec 3.6, customer_event/created).</summary>
public sealed class CustomerEvent : IShopData
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
