namespace Plaudit.Server.Shops;

public sealed record OpenApiInformationJson(string ShopId, string ShopName, string PublicToken);
