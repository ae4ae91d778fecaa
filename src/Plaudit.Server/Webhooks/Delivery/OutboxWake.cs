namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>New events were committed to the outbox.</summary>
public sealed class OutboxWake : WakeSignal;
