using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Webhooks;

/// <summary>Section <c>Webhooks</c>.</summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string Section = "Webhooks";

    /// <summary>false makes the node API-only: it accepts events but never delivers.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds before each attempt, comma-separated; its length is the number of attempts (spec 3.3).</summary>
    [Required, RegularExpression(@"^\s*\d+(\s*,\s*\d+)*\s*$", ErrorMessage = "Webhooks:RetryDelays must be comma-separated whole seconds.")]
    public string RetryDelays { get; set; } = "0,180,360,540,720,900,1080,1260,1440,1620";

    /// <summary>How long a receiver has to answer (spec: 5 seconds).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Allow delivery to loopback and private-network addresses. Off by default: whoever registers a
    /// webhook must not reach the services beside Plaudit. The Development environment and
    /// <c>serve --demo</c> turn it on unless it is set (see <see cref="LocalDefaults"/>). Forbidden
    /// addresses (cloud metadata, link-local, ...) are refused either way.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Comma-separated addresses, ranges (CIDR) and host names that may be reached on private networks
    /// while <see cref="AllowPrivateNetworks"/> is off: the one internal receiver a deployment needs.
    /// </summary>
    public string AllowedPrivateTargets { get; set; } = "";

    /// <summary>
    /// Webhooks one owner (a shop, or a platform for a shop) may have, of every shape together: each
    /// event is sent to all of them, so this bounds what one event costs.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxSubscriptionsPerOwner { get; set; } = 100;

    /// <summary>
    /// The largest event payload (the event's <c>data</c>, as JSON) a delivery carries. A test event's
    /// <c>data</c> beyond it is refused; a real event beyond it is not sent, and its deliveries fail
    /// saying so, to be resent once the limit is raised. The default is above any review or event
    /// Plaudit accepts.
    /// </summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 256 * 1024;

    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>At most this many attempts in flight to one subscription's URL, so one slow receiver can't starve the rest.</summary>
    [Range(1, 256)]
    public int PerEndpointConcurrency { get; set; } = 8;

    /// <summary>Fallback poll for due retries and missed wake-ups; new events wake the engine at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A subscription whose deliveries have all failed for this long is disabled.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>Finished deliveries and dispatched events older than this are purged.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    public IReadOnlyList<TimeSpan> ParseRetryDelays() =>
        RetryDelays.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => TimeSpan.FromSeconds(int.Parse(s, CultureInfo.InvariantCulture)))
            .ToList();

    /// <summary>Added to twice the timeout to make a claimed delivery's lease.</summary>
    public TimeSpan LeaseMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A claimed delivery's lease: longer than any attempt can take, so a slow attempt is never
    /// taken over (and sent twice at once) by another node while it is still running. A crashed
    /// node's deliveries are taken over once it expires.
    /// </summary>
    public TimeSpan LeaseDuration => Timeout * 2 + LeaseMargin;

    /// <summary>
    /// Settings for trying Plaudit out on one machine (the Development environment, <c>serve --demo</c>):
    /// webhooks may go to receivers on loopback and the local network. Added beneath every other
    /// configuration source, so an explicit setting still wins.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> LocalDefaults = new Dictionary<string, string?>
    {
        [$"{Section}:{nameof(AllowPrivateNetworks)}"] = "true",
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!PrivateTargetAllowList.TryParse(AllowedPrivateTargets, out _, out var problem))
        {
            yield return new ValidationResult(problem, [nameof(AllowedPrivateTargets)]);
        }
    }
}
