using Plaudit.Server.Storage;

namespace Plaudit.Server.OpenApi.Authentication;

/// <summary>
/// Used signatures in the shared database, so a write accepted by one node is refused by every other.
/// One upsert per signed write: a row that exists and has not expired makes it affect nothing.
/// </summary>
public sealed class PostgresUsedSignatures(TimeProvider clock) : IUsedSignatures
{
    private const int PruneEvery = 1024;
    private int _usesSincePrune;

    private const string Use = """
        INSERT INTO used_request_signatures (signature, expires_at) VALUES (@p0, @p1)
        ON CONFLICT (signature) DO UPDATE SET expires_at = excluded.expires_at
        WHERE used_request_signatures.expires_at <= @p2
        """;

    private const string Prune = "DELETE FROM used_request_signatures WHERE expires_at <= @p0";

    public async ValueTask<bool> TryUseAsync(HttpContext http, ReadOnlyMemory<byte> signature, DateTimeOffset expiresAt)
    {
        var db = http.RequestServices.GetRequiredService<PlauditDbContext>();
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        if (Interlocked.Increment(ref _usesSincePrune) >= PruneEvery)
        {
            Interlocked.Exchange(ref _usesSincePrune, 0);
            await RawSql.ExecuteAsync(db, Prune, [now], http.RequestAborted);
        }
        var affected = await RawSql.ExecuteAsync(db, Use, [signature.ToArray(), expiresAt.ToUnixTimeSeconds(), now], http.RequestAborted);
        return affected == 1;
    }
}
