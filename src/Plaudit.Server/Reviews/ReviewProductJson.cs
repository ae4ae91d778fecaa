namespace Plaudit.Server.Reviews;

/// <summary>The reviewed product; <c>gtin</c>, <c>mpn</c>, <c>sku</c> and <c>brand</c> are Plaudit's additions (empty when the shop sent none).</summary>
public sealed record ReviewProductJson(string Id, string Title, string Handle, string ImageSrc, string Url, string Gtin = "", string Mpn = "", string Sku = "", string Brand = "")
{
    public static ReviewProductJson From(Product p) => new(p.Id, p.Title, p.Handle, p.ImageSrc, p.Url, p.Gtin, p.Mpn, p.Sku, p.Brand);
}
