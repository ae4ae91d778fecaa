namespace Plaudit.Server.Orders;

public static class OrderStatus
{
    public const int Waiting = 1;
    public const int Scheduled = 2;
    public const int Sent = 3;
    public const int Opened = 4;
    public const int Evaluated = 5;
    public const int Cancelled = 6;

    public static readonly IReadOnlyDictionary<int, string> Names = new Dictionary<int, string>
    {
        [Waiting] = "waiting",
        [Scheduled] = "scheduled",
        [Sent] = "sent",
        [Opened] = "opened",
        [Evaluated] = "evaluated",
        [Cancelled] = "cancelled",
    };
}
