namespace Plaudit.Server.Merchants;

/// <summary>What <c>merchants create</c> prints: the link is shown only here.</summary>
public sealed record CreatedMerchant(long MerchantId, long ShopId, string Email, bool HasPassword, string SignInLink, DateTime SignInLinkExpiresAt);
