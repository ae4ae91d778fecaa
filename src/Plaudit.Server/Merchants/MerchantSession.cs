namespace Plaudit.Server.Merchants;

public sealed record MerchantSession(long MerchantId, long ShopId, string Email);
