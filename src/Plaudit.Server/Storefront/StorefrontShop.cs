using Plaudit.Server.Storage;

namespace Plaudit.Server.Storefront;

/// <summary>The shop a storefront request is for, named by its public token (never the private one).</summary>
public sealed record StorefrontShop(long Id, string? Domain, bool AutoPublishReviews, long DataVersion)
{
    /// <summary>The <c>public_token</c> query parameter (what a browser can send on a CORS preflight too), or the <c>Public-Token</c> header.</summary>
    public static string? TokenOf(HttpContext http) =>
        http.Request.Query["public_token"].ToString() is { Length: > 0 } query ? query
        : http.Request.Headers["Public-Token"].ToString() is { Length: > 0 } header ? header
        : null;

    /// <summary>The shop, read once per request (the CORS policy and the endpoint both ask).</summary>
    public static async Task<StorefrontShop?> FindAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Items.TryGetValue(typeof(StorefrontShop), out var found))
        {
            return found as StorefrontShop;
        }
        if (TokenOf(http) is not { } token)
        {
            return null;
        }
        var shop = await ReadAsync(http.RequestServices.GetRequiredService<PlainConnections>(), token, cancellationToken);
        http.Items[typeof(StorefrontShop)] = shop;
        return shop;
    }

    private static async Task<StorefrontShop?> ReadAsync(PlainConnections connections, string token, CancellationToken cancellationToken)
    {
        // Every storefront request runs this: a leased connection keeps it prepared (on SQLite, preparing cost as much as running it).
        await using var connection = await connections.LeaseAsync(cancellationToken);
        var command = connection.Command("SELECT id, domain, auto_publish_reviews, data_version FROM shops WHERE public_token = @token");
        PlainConnections.AddParameter(command, "@token", token);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StorefrontShop(reader.GetInt64(0), await reader.IsDBNullAsync(1, cancellationToken) ? null : reader.GetString(1), reader.GetBoolean(2), reader.GetInt64(3))
            : null;
    }

    /// <summary>The shop's own site: its domain and the www. form of it, over https or http.</summary>
    public IReadOnlyList<string> Origins()
    {
        if (string.IsNullOrWhiteSpace(Domain))
        {
            return [];
        }
        var host = Domain.Trim().ToLowerInvariant();
        var bare = host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
        return [$"https://{bare}", $"https://www.{bare}", $"http://{bare}", $"http://www.{bare}"];
    }
}
