using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Plaudit.Server.Emails;

/// <summary>
/// Section <c>Emails</c>. With no <c>Emails:Smtp:Host</c>, messages are written as <c>.eml</c> files
/// to <see cref="PickupDirectory"/> instead of sent, so a fresh checkout needs no mail server.
/// </summary>
public sealed class EmailOptions : IValidatableObject
{
    public const string Section = "Emails";

    /// <summary>false makes the node schedule and track emails but never send them.</summary>
    public bool Sending { get; set; } = true;

    /// <summary>The envelope and From address of every shop's emails (the display name is the shop's sender name).</summary>
    public string FromAddress { get; set; } = "reviews@localhost";

    /// <summary>Where messages go without SMTP; default: an <c>emails</c> folder beside the SQLite file (or <c>data/emails</c>).</summary>
    public string? PickupDirectory { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>How many due emails one claim takes.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>Emails in flight at once on this node (each SMTP connection carries one at a time).</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How often a node with nothing due looks again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A claimed email's lease: far longer than a send may take (see <see cref="Validate"/>), so no other node takes it over while it is on the wire.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Seconds to wait after each failed attempt the mail server answered, comma-separated; its length is the number of retries.</summary>
    [Required, RegularExpression(@"^\s*\d+(\s*,\s*\d+)*\s*$", ErrorMessage = "Emails:RetryDelays must be comma-separated whole seconds.")]
    public string RetryDelays { get; set; } = "60,300,1800,7200,21600";

    /// <summary>How long the review, unsubscribe and tracking links in an email stay valid.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(60);

    /// <summary>How long a storefront review's confirmation link stays valid: short, since the reviewer asked for it a moment ago.</summary>
    public TimeSpan ConfirmationLinkLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Open-pixel loads per client address per minute (per node): high, since privacy proxies load many people's pixels from one address.</summary>
    [Range(1, 1_000_000)]
    public int OpensPerMinute { get; set; } = 600;

    /// <summary>Unsubscribe and confirmation requests (page or button) per client address per minute (per node).</summary>
    [Range(1, 1_000_000)]
    public int LinkRequestsPerMinute { get; set; } = 30;

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);

    public IReadOnlyList<TimeSpan> ParseRetryDelays() =>
        RetryDelays.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => TimeSpan.FromSeconds(int.Parse(s, CultureInfo.InvariantCulture)))
            .ToList();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MimeKit.MailboxAddress.TryParse(FromAddress, out var from) || from.Address.IndexOf('@', StringComparison.Ordinal) <= 0)
        {
            yield return new ValidationResult("Emails:FromAddress must be an email address, e.g. reviews@example.com.", [nameof(FromAddress)]);
        }
        if (LeaseDuration < Smtp.Timeout * 3)
        {
            yield return new ValidationResult("Emails:LeaseDuration must be at least three times Emails:Smtp:Timeout, so a send never outlives its lease.", [nameof(LeaseDuration)]);
        }
        if (PollInterval <= TimeSpan.Zero || LinkLifetime < TimeSpan.FromDays(1) || ConfirmationLinkLifetime < TimeSpan.FromHours(1))
        {
            yield return new ValidationResult(
                "Emails:PollInterval must be positive, Emails:LinkLifetime at least a day and Emails:ConfirmationLinkLifetime at least an hour.", [nameof(PollInterval)]);
        }
        foreach (var problem in Smtp.Problems())
        {
            yield return new ValidationResult(problem, [nameof(Smtp)]);
        }
    }
}
