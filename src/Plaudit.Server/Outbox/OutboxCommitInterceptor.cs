using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Outbox;

/// <summary>
/// Wakes the outbox dispatcher the moment a transaction that wrote outbox events commits: this node
/// in-process, other nodes through PostgreSQL NOTIFY (sent inside the transaction, so it is delivered
/// only if the commit happens).
/// </summary>
public sealed class OutboxCommitInterceptor(OutboxWake wake) : DbTransactionInterceptor
{
    public const string Channel = "plaudit_outbox";

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is PlauditDbContext { HasUncommittedOutboxEvents: true } db && db.Database.IsNpgsql())
        {
            await using var notify = transaction.Connection!.CreateCommand();
            notify.Transaction = transaction;
            notify.CommandText = $"SELECT pg_notify('{Channel}', '')";
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
        return result;
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is PlauditDbContext { HasUncommittedOutboxEvents: true } db)
        {
            db.HasUncommittedOutboxEvents = false;
            wake.Set();
        }
        return Task.CompletedTask;
    }

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is PlauditDbContext db)
        {
            db.HasUncommittedOutboxEvents = false;
        }
        return Task.CompletedTask;
    }
}
