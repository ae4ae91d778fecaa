namespace Plaudit.Server.Dashboard.Moderation;


/// <summary>The rows shown, the cursor they were read after (null on the first page), and the next page's.</summary>
public sealed record ReviewQueuePage(List<ReviewQueueRow> Rows, long? Before, long? Next);
