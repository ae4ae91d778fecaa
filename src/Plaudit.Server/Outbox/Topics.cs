namespace Plaudit.Server.Outbox;

/// <summary>The event topics of spec section 3.4, and the system topics of section 1.3.</summary>
public static class Topics
{
    public const string ReviewCreated = "review/created";
    public const string ReviewUpdated = "review/updated";
    public const string ReviewDeleted = "review/deleted";
    public const string CustomerEventCreated = "customer_event/created";

    public static readonly IReadOnlyList<string> Subscribable = [ReviewCreated, ReviewUpdated, ReviewDeleted, CustomerEventCreated];

    public const string AppAuthorized = "app/authorized";
    public const string IntegrationDisconnected = "integration/disconnected";
    public const string AppUninstalled = "app/uninstalled";

    /// <summary>Always delivered to the platform's webhook_url; no subscription needed.</summary>
    public static readonly IReadOnlyList<string> System = [AppAuthorized, IntegrationDisconnected, AppUninstalled];
}
