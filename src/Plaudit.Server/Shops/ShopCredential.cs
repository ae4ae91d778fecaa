namespace Plaudit.Server.Shops;

/// <summary>The shop behind a public token, with its private token decrypted for signature checks.</summary>
public sealed record ShopCredential(long ShopId, string PrivateToken, long DataVersion);
