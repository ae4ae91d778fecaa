using System.ComponentModel.DataAnnotations;

namespace Plaudit.Server.OAuth;

/// <summary>The <c>OAuth</c> configuration section.</summary>
public sealed class OAuthOptions
{
    public const string Section = "OAuth";

    /// <summary>Spec 1.2: access tokens live 1 hour.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Spec 1.2: refresh tokens live 30 days.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Codes are single-use and short-lived.</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Refuse OAuth requests over plain http (put TLS in front of Plaudit, or terminate it there).</summary>
    public bool RequireHttps { get; set; }

    /// <summary>
    /// The token issuer, the same on every node (tokens issued by one node are checked by another).
    /// Defaults to <c>PublicUrl</c>, else a fixed name.
    /// </summary>
    [Url]
    public string? Issuer { get; set; }
}
