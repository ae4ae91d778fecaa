namespace Plaudit.Server.Merchants;

/// <summary>A shop's owner, who signs in to see the shop's tokens and to approve platforms.</summary>
public sealed class Merchant
{
    public long Id { get; set; }
    public long ShopId { get; set; }

    /// <summary>Lower-cased; one merchant account per email.</summary>
    public required string Email { get; set; }

    /// <summary>ASP.NET Core Identity's PBKDF2 hash; null until a password is set (sign-in links still work).</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Carried in each session cookie; signing out counts it up, which ends every session issued before (a copied cookie too).</summary>
    public int SessionVersion { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
