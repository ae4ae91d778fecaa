using Plaudit.Server.Storage;

namespace Plaudit.Server.Storefront;

/// <summary>
/// Whether the same text from the same email was submitted to the shop since a time: one indexed point
/// read (shop, author email, created at) on a plain connection, as every submission pays for it.
/// </summary>
public static class DuplicateSubmissions
{
    public static async Task<bool> ExistsAsync(PlainConnections connections, long shopId, string email, string content, DateTime since, CancellationToken cancellationToken)
    {
        await using var connection = await connections.LeaseAsync(cancellationToken);
        var command = connection.Command("SELECT 1 FROM reviews WHERE shop_id = @shop AND author_email = @email AND created_at >= @since AND content = @content LIMIT 1");
        PlainConnections.AddParameter(command, "@shop", shopId);
        PlainConnections.AddParameter(command, "@email", email);
        // Stored as EF Core stores it: UTC (SQLite text in the same format the provider binds).
        PlainConnections.AddParameter(command, "@since", DateTime.SpecifyKind(since, DateTimeKind.Utc));
        PlainConnections.AddParameter(command, "@content", content);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
