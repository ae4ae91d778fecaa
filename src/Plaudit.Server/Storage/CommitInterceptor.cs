using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Storage;

/// <summary>
/// Finishes a transaction that saved shop data, just before it commits, in one statement: the rating
/// counts and data versions its saves changed (<see cref="PlauditDbContext.SaveChangesAsync(bool, CancellationToken)"/>),
/// and on PostgreSQL a NOTIFY that wakes the other nodes' outbox dispatchers (delivered only if the
/// commit happens). Once committed, this node's dispatcher wakes in-process. Those rows are shared by
/// every writer of a shop: written last, their locks are held for one round trip, not the transaction.
/// </summary>
public sealed class CommitInterceptor(OutboxWake wake) : DbTransactionInterceptor
{
    public const string OutboxChannel = "plaudit_outbox";

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        eventData.Context is PlauditDbContext db && (!db.PendingRatings.IsEmpty || db.PendingShopIds.Count > 0)
            ? throw new NotSupportedException("Commit shop data with CommitAsync: it also writes the rating counts and data versions.")
            : result;

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not PlauditDbContext db
            || (db.PendingRatings.IsEmpty && db.PendingShopIds.Count == 0 && !(db.HasUncommittedOutboxEvents && db.Database.IsNpgsql())))
        {
            // Most transactions (the webhook engine's among them) change no shop data.
            return result;
        }
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder();
        db.PendingRatings.AppendUpsert(sql, command);
        if (db.PendingShopIds.Count > 0)
        {
            // Ids are numbers written as a literal list; in order, so shared rows are locked in one order on every node.
            sql.Append("UPDATE shops SET data_version = data_version + 1 WHERE id IN (")
                .AppendJoin(',', db.PendingShopIds.Order().Select(id => id.ToString(CultureInfo.InvariantCulture))).Append(");");
        }
        if (db.HasUncommittedOutboxEvents && db.Database.IsNpgsql())
        {
            sql.Append($"SELECT pg_notify('{OutboxChannel}', '');");
        }
#pragma warning disable CA2100 // Built from constants, numeric ids and parameter placeholders only.
        command.CommandText = sql.ToString();
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(cancellationToken);
        return result;
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is PlauditDbContext db)
        {
            var wakeDispatcher = db.HasUncommittedOutboxEvents;
            Forget(db);
            if (wakeDispatcher)
            {
                wake.Set();
            }
        }
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        TransactionCommittedAsync(transaction, eventData).GetAwaiter().GetResult();

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    /// <summary>A transaction starts with nothing pending, even if the one before ended without a commit or a rollback (disposed).</summary>
    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Forget(eventData.Context);
        return result;
    }

    private static void Forget(DbContext? context)
    {
        if (context is PlauditDbContext db)
        {
            db.HasUncommittedOutboxEvents = false;
            db.PendingRatings.Clear();
            db.PendingShopIds.Clear();
        }
    }
}
