namespace Plaudit.Server.Emails;

/// <summary>An email's state: waiting for its time, handed to the mail server, not to be sent, or given up.</summary>
public static class ReviewEmailStatus
{
    public const string Scheduled = "scheduled";
    public const string Sent = "sent";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";
}
