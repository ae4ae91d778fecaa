namespace Plaudit.Server.Reviews;

public sealed record NewProduct(
    string Id, string? Title, string? Handle, string? ImageSrc, string? Url,
    string? Gtin = null, string? Mpn = null, string? Sku = null, string? Brand = null);
