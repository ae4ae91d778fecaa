namespace Plaudit.Server.Reviews;

public sealed record NewProduct(string Id, string? Title, string? Handle, string? ImageSrc, string? Url);
