namespace Plaudit.Server.Shops;

/// <summary>A new shop's identity and tokens, shown once when it is created.</summary>
public sealed record CreatedShop(long ShopId, string Name, string? Domain, string PublicToken, string PrivateToken);
