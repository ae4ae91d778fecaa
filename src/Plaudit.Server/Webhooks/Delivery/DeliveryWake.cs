namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>New deliveries are due.</summary>
public sealed class DeliveryWake : WakeSignal;
