namespace Plaudit.Server.Emails;

public static class ReviewEmailKind
{
    public const string Request = "request";
    public const string Reminder = "reminder";
}
