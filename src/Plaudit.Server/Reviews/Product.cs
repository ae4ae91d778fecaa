using Plaudit.Server.Shops;

namespace Plaudit.Server.Reviews;

/// <summary>A shop's product as reviews refer to it; its id is the shop platform's (e.g. Shopify's) id.</summary>
public sealed class Product : IShopData
{
    public long ShopId { get; set; }
    public required string Id { get; set; }
    public string Title { get; set; } = "";
    public string Handle { get; set; } = "";
    public string ImageSrc { get; set; } = "";
    public string Url { get; set; } = "";

    /// <summary>Global Trade Item Number (UPC, EAN, ISBN): how Google Shopping matches reviews to its products.</summary>
    public string Gtin { get; set; } = "";

    /// <summary>Manufacturer part number.</summary>
    public string Mpn { get; set; } = "";

    /// <summary>The shop's stock keeping unit.</summary>
    public string Sku { get; set; } = "";

    public string Brand { get; set; } = "";
}
