using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Reviews;

/// <summary>The reviewed product's details given with <c>create_review</c>; kept on the product for later reviews.</summary>
public sealed record ReviewProductRequest(
    [property: Id] string? Id,
    [property: MaxLength(512)] string? Title,
    string? Handle,
    [property: HttpUrl, MaxLength(2048)] string? ImageSrc,
    [property: HttpUrl, MaxLength(2048)] string? Url)
{
    public NewProduct? ToNewProduct() => Id is null ? null : new NewProduct(Id, Title, Handle, ImageSrc, Url);
}
