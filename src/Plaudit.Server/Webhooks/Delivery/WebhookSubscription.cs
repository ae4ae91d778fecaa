namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// Where and how a shop's events are delivered. One model serves every subscription API shape:
/// a set of topics (or all), an active flag, an owner whose secret signs (unless the subscription
/// has its own), and the delivery format of the API it was made through.
/// </summary>
public sealed class WebhookSubscription
{
    public long Id { get; set; }

    /// <summary>The id the Shoplazza- and Truto-shaped APIs show: a UUID, as theirs are.</summary>
    public Guid PublicId { get; set; } = Guid.NewGuid();

    /// <summary>The shop whose events it receives; null for a platform's system webhook, which serves every shop.</summary>
    public long? ShopId { get; set; }

    /// <summary>The OAuth platform that owns it; null when the shop itself does (HMAC).</summary>
    public string? PlatformClientId { get; set; }

    /// <summary>The subscription API it was made through, which also fixes the delivery format.</summary>
    public string Shape { get; set; } = WebhookShape.Trustoo;

    /// <summary>Comma-separated topics, or <see cref="AllTopics"/> for every topic (including future ones).</summary>
    public required string Topics { get; set; }

    public required string Url { get; set; }

    /// <summary>The subscription's own signing secret (encrypted), when its shape gives each webhook one.</summary>
    public string? ProtectedSecret { get; set; }

    public bool IsActive { get; set; } = true;
    public string? DisabledReason { get; set; }

    /// <summary>The first failure since the last success; drives automatic disabling.</summary>
    public DateTime? FailingSince { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public const string AllTopics = "*";

    public IReadOnlyList<string> TopicList =>
        Topics == AllTopics ? [] : Topics.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public bool Matches(string topic) => TopicsMatch(Topics, topic);

    /// <summary>Whether a subscription to <paramref name="topics"/> (its stored list, or <see cref="AllTopics"/>) takes <paramref name="topic"/>.</summary>
    public static bool TopicsMatch(string topics, string topic) =>
        topics == AllTopics || topics.Split(',', StringSplitOptions.RemoveEmptyEntries).Contains(topic, StringComparer.Ordinal);
}
