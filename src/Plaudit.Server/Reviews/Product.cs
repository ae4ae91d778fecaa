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
}
