using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>
/// <c>Webhooks:MaxSubscriptionsPerOwner</c>: every event goes to each of an owner's webhooks, so an
/// owner without a cap could make one event cost any number of deliveries. Counted over every shape.
/// </summary>
public sealed class SubscriptionCap(PlauditDbContext db, IOptions<WebhookOptions> options)
{
    public int Max => options.Value.MaxSubscriptionsPerOwner;

    public string Refusal => $"An owner may have at most {Max} webhooks; delete one before adding another.";

    /// <summary>
    /// Begins the transaction a new subscription is saved in, with the shop's subscriptions held
    /// against other creates until it ends: counted and added apart, concurrent creates would all see
    /// room. Null (and no transaction) when the owner is at the cap.
    /// </summary>
    public async Task<IDbContextTransaction?> BeginAddingAsync(ApiCaller caller, CancellationToken cancellationToken)
    {
        // On SQLite the transaction begins IMMEDIATE, holding the database's one write lock already.
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlAsync($"SELECT 1 FROM shops WHERE id = {caller.ShopId} FOR UPDATE", cancellationToken);
            }
            if (await db.WebhookSubscriptions.OwnedBy(caller).CountAsync(cancellationToken) < Max)
            {
                return transaction;
            }
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
        await transaction.DisposeAsync();
        return null;
    }
}
