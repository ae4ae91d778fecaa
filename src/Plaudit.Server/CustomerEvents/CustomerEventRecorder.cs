using System.Threading.Channels;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.CustomerEvents;

/// <summary>
/// Records customer events together with their customer_event/created outbox events (for shops that
/// subscribe to them, <see cref="ListeningShops"/>), committing the
/// events that arrive together in one transaction (group commit): a shopper's request is answered
/// only after its event is committed, so nothing accepted can be lost, and a busy storefront pays
/// for one commit per batch instead of one per event. One writer per node; on SQLite it takes its
/// turn at the write gate like the webhook engine's writers.
/// </summary>
public sealed class CustomerEventRecorder(IServiceScopeFactory scopes, SqliteWriteGate writeGate, TimeProvider clock, ILogger<CustomerEventRecorder> logger) : BackgroundService
{
    /// <summary>The most events one transaction carries.</summary>
    public const int MaxBatch = 256;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(16 * MaxBatch)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Returns once the event is committed, with its id.</summary>
    public async Task<CustomerEvent> RecordAsync(CustomerEvent customerEvent, CancellationToken cancellationToken)
    {
        var pending = new Pending(customerEvent);
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            // Shutting down: the writer has drained and stopped, so this request commits its own.
            await WriteAsync([pending]);
        }
        return await pending.Committed.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        // Not stopped by the token: on shutdown the queue is completed and drained first.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            await WriteAsync(batch);
            batch.Clear();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task WriteAsync(IReadOnlyList<Pending> batch)
    {
        try
        {
            using var passage = await writeGate.EnterAsync(CancellationToken.None);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            var events = batch.Select(p => p.Event).ToList();
            await CustomerEventSql.InsertAsync(db, events, CancellationToken.None);
            // Most shops subscribe to no customer events: theirs get no outbox row, and the dispatcher no work.
            var listening = await ListeningShops.ForTopicAsync(db, events.Select(e => e.ShopId).Distinct().ToList(), Topics.CustomerEventCreated, CancellationToken.None);
            await OutboxSql.InsertAsync(db, events.Where(e => listening.Contains(e.ShopId))
                    .Select(e => new NewOutboxEvent(e.ShopId, Topics.CustomerEventCreated, OutboxWriter.Serialize(CustomerEventJson.From(e)))).ToList(),
                clock.GetUtcNow().UtcDateTime, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            // One event the database refuses must not take the others with it: each gets its own try.
            logger.LogWarning(ex, "A batch of {Count} customer events failed; recording them one by one.", batch.Count);
            foreach (var pending in batch)
            {
                pending.Event.Id = 0;
                await WriteAsync([pending]);
            }
            return;
        }
        catch (Exception ex)
        {
            batch[0].Committed.TrySetException(ex);
            return;
        }
        foreach (var pending in batch)
        {
            pending.Committed.TrySetResult(pending.Event);
        }
    }

    private sealed class Pending(CustomerEvent customerEvent)
    {
        public CustomerEvent Event { get; } = customerEvent;
        public TaskCompletionSource<CustomerEvent> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
