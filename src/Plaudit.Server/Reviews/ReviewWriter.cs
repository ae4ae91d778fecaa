using System.Threading.Channels;
using Plaudit.Server.Emails;
using Plaudit.Server.Orders;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Reviews;

/// <summary>
/// Stores new reviews, committing the ones that arrive together in one transaction (group commit) with
/// their products, rating counts, data versions, review/created outbox events and the confirmation
/// emails storefront submissions ask for (<see cref="ReviewConfirmations"/>). A caller is answered
/// only after its review is committed, so nothing accepted can be lost; a busy shop pays for one commit
/// (and, on SQLite, one turn at the write lock) per batch instead of one per review, and requests no
/// longer sleep in SQLite's busy handler waiting for each other. One writer per node.
/// </summary>
public sealed class ReviewWriter(IServiceScopeFactory scopes, SqliteWriteGate writeGate, TimeProvider clock, ILogger<ReviewWriter> logger)
    : BackgroundService
{
    /// <summary>The most reviews one transaction carries.</summary>
    public const int MaxBatch = 64;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(16 * MaxBatch)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Returns once the review is committed, with its id and product.</summary>
    public async Task<Review> CreateAsync(long shopId, NewReview input, CancellationToken cancellationToken)
    {
        var pending = new Pending(shopId, input);
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
        var reviews = new Review[batch.Count];
        try
        {
            using var passage = await writeGate.EnterAsync(CancellationToken.None);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
            // A failed batch is abandoned whole and retried review by review, so a savepoint around each
            // save would only cost two more round trips per save on PostgreSQL.
            db.Database.AutoSavepointsEnabled = false;
            var outbox = scope.ServiceProvider.GetRequiredService<OutboxWriter>();
            var confirmations = scope.ServiceProvider.GetRequiredService<ReviewConfirmations>();
            var now = clock.GetUtcNow().UtcDateTime;
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            await NewReviewRows.LoadProductsAsync(db, batch.Select(p => (p.ShopId, p.Input.ProductId)), CancellationToken.None);
            // Orders prove a shop's own review, or ask a shopper to confirm theirs: one read for the batch.
            var orders = await AuthorOrders.LoadAsync(db, batch.Where(p => p.Input.IsVerified is null || p.Input.ConfirmByEmail)
                .Select(p => (p.ShopId, p.Input.AuthorEmail)), CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                reviews[i] = await NewReviewRows.BuildAsync(db, batch[i].ShopId, batch[i].Input, orders, now, CancellationToken.None);
            }
            db.Reviews.AddRange(reviews);
            await db.SaveChangesAsync(CancellationToken.None);
            foreach (var review in reviews)
            {
                outbox.Add(review.ShopId, Topics.ReviewCreated, ReviewJson.From(review));
            }
            await confirmations.QueueAsync(reviews.Where((_, i) => batch[i].Input.ConfirmByEmail), orders, now, CancellationToken.None);
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            confirmations.WakeSenderIfQueued();
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            // One review the database refuses must not take the others with it: each gets its own try.
            logger.LogWarning(ex, "A batch of {Count} reviews failed; storing them one by one.", batch.Count);
            foreach (var pending in batch)
            {
                await WriteAsync([pending]);
            }
            return;
        }
        catch (Exception ex)
        {
            batch[0].Committed.TrySetException(ex);
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Committed.TrySetResult(reviews[i]);
        }
    }

    private sealed class Pending(long shopId, NewReview input)
    {
        public long ShopId { get; } = shopId;
        public NewReview Input { get; } = input;
        public TaskCompletionSource<Review> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
