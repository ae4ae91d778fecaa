namespace Plaudit.Server.Storefront;

public sealed record StorefrontMediaJson(string Url, string ThumbnailUrl, int Type);
