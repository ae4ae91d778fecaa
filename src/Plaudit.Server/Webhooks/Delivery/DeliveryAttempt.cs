namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>What one attempt saw: kept for the merchant to inspect.</summary>
public sealed class DeliveryAttempt
{
    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public int Number { get; set; }
    public DateTime StartedAt { get; set; }
    public int DurationMs { get; set; }
    public int? StatusCode { get; set; }

    /// <summary>The first 1 KiB of the response body.</summary>
    public string? ResponseBody { get; set; }
    public string? Error { get; set; }
    public bool Succeeded { get; set; }
}
