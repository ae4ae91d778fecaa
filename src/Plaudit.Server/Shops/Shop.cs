namespace Plaudit.Server.Shops;

/// <summary>A merchant's shop: the owner of every review, order, event and webhook.</summary>
public sealed class Shop
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public string? Domain { get; set; }

    /// <summary>Safe to share; identifies the shop in the <c>Public-Token</c> header.</summary>
    public required string PublicToken { get; set; }

    /// <summary>The HMAC key, encrypted with ASP.NET Core Data Protection. Never stored or logged in clear.</summary>
    public required string ProtectedPrivateToken { get; set; }

    /// <summary>Advances with every change to the shop's data; cached reads are keyed by it.</summary>
    public long DataVersion { get; set; }

    /// <summary>Storefront submissions go live at once when set; otherwise they wait for moderation.</summary>
    public bool AutoPublishReviews { get; set; }

    /// <summary>Set by <c>plaudit shops uninstall</c>: every platform grant is revoked then.</summary>
    public DateTime? UninstalledAt { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
