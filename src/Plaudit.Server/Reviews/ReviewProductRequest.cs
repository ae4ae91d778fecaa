using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Reviews;

/// <summary>The reviewed product's details given with <c>create_review</c>; kept on the product for later reviews.</summary>
public sealed partial record ReviewProductRequest(
    [property: Id] string? Id,
    [property: MaxLength(512)] string? Title,
    string? Handle,
    [property: HttpUrl, MaxLength(2048)] string? ImageSrc,
    [property: HttpUrl, MaxLength(2048)] string? Url,
    [property: MaxLength(50), Description("Global Trade Item Number (UPC, EAN or ISBN); for rich results and the Google product reviews feed.")] string? Gtin = null,
    [property: MaxLength(70), Description("Manufacturer part number.")] string? Mpn = null,
    [property: MaxLength(100), Description("The shop's stock keeping unit.")] string? Sku = null,
    [property: MaxLength(100)] string? Brand = null)
{
    /// <summary>Google's pattern for a GTIN: digits, spaces and dashes.</summary>
    public bool HasValidGtin => string.IsNullOrWhiteSpace(Gtin) || GtinPattern().IsMatch(Gtin.Trim());

    [GeneratedRegex("^[0-9][0-9 -]{6,49}$")]
    private static partial Regex GtinPattern();

    public NewProduct? ToNewProduct() => Id is null ? null : new NewProduct(Id, Title, Handle, ImageSrc, Url, Gtin?.Trim(), Mpn?.Trim(), Sku?.Trim(), Brand?.Trim());
}
