namespace Plaudit.Server.Platforms;

/// <summary>
/// A shop's authorization of one platform: which scopes, since when, and whether it still holds.
/// Bearer calls are checked against it on every request, so a revocation takes effect at once.
/// </summary>
public sealed class PlatformGrant
{
    public long Id { get; set; }
    public long ShopId { get; set; }
    public required string PlatformClientId { get; set; }

    /// <summary>Space-separated granted scopes; tokens carry at most these.</summary>
    public required string Scopes { get; set; }

    /// <summary>
    /// Advances each time a revoked grant is authorized again, so tokens issued under the earlier
    /// authorization stay dead.
    /// </summary>
    public int Generation { get; set; } = 1;

    public DateTime GrantedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    /// <summary>When the platform last called the API for the shop, to within <see cref="LastUsedPrecision"/>.</summary>
    public DateTime? LastUsedAt { get; set; }

    /// <summary>A bearer call records its time only when the last record is older than this: one write per grant per interval, not per call.</summary>
    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(5);

    /// <summary>Who ended it: <c>oauth/disconnect</c>, <c>cancel_authorization</c> or <c>app/uninstalled</c>.</summary>
    public string? RevokedBy { get; set; }

    public bool IsActive => RevokedAt is null;

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
