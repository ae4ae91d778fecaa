using System.ComponentModel.DataAnnotations;

namespace Plaudit.Server.Merchants;

/// <summary>The <c>Merchants</c> configuration section.</summary>
public sealed class MerchantOptions
{
    public const string Section = "Merchants";

    /// <summary>How long a sign-in link printed by <c>plaudit merchants create</c> stays usable.</summary>
    public TimeSpan SignInLinkLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Sign-in attempts per client address per minute (per node): slows password guessing.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Merchants:SignInAttemptsPerMinute must be positive.")]
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>Password attempts per merchant account per hour, from any address (per node): stops guessing from many addresses.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Merchants:SignInAttemptsPerAccountPerHour must be positive.")]
    public int SignInAttemptsPerAccountPerHour { get; set; } = 20;

    /// <summary>How long a merchant session lasts (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}
