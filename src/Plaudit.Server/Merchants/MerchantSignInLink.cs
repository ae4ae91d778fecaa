namespace Plaudit.Server.Merchants;

/// <summary>A one-time sign-in link; only the SHA-256 of its token is stored.</summary>
public sealed class MerchantSignInLink
{
    public long Id { get; set; }
    public long MerchantId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
}
