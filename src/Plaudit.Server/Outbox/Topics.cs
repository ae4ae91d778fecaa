namespace Plaudit.Server.Outbox;

/// <summary>The event topics of spec section 3.4.</summary>
public static class Topics
{
    public const string ReviewCreated = "review/created";
    public const string ReviewUpdated = "review/updated";
    public const string ReviewDeleted = "review/deleted";
    public const string CustomerEventCreated = "customer_event/created";

    public static readonly IReadOnlyList<string> Subscribable = [ReviewCreated, ReviewUpdated, ReviewDeleted, CustomerEventCreated];
}
