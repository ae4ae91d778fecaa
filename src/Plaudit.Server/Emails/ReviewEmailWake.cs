using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Emails;

/// <summary>Something may be due now (an order scheduled for the past, a test): the sender looks at once.</summary>
public sealed class ReviewEmailWake : WakeSignal;
