using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Shops;

/// <summary>
/// The lookup that runs on every signed request, compiled once per application (a compiled query is
/// bound to one model, and a process may host several, as the tests do).
/// </summary>
public sealed class ShopLookupQuery
{
    public sealed record Row(long Id, string ProtectedPrivateToken, long DataVersion);

    public Func<PlauditDbContext, string, CancellationToken, Task<Row?>> ByPublicToken { get; } =
        EF.CompileAsyncQuery((PlauditDbContext db, string publicToken, CancellationToken _) =>
            db.Shops.AsNoTracking()
                .Where(s => s.PublicToken == publicToken)
                .Select(s => new Row(s.Id, s.ProtectedPrivateToken, s.DataVersion))
                .FirstOrDefault());
}
