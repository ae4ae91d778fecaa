namespace Plaudit.Server.Emails;

public static class ReviewEmailKind
{
    public const string Request = "request";
    public const string Reminder = "reminder";

    /// <summary>
    /// Asks the order's customer to confirm the storefront reviews submitted with their address (see
    /// <see cref="ReviewConfirmations"/>): one row per order, armed again by each such review.
    /// </summary>
    public const string Confirmation = "confirmation";
}
