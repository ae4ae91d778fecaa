using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Plaudit.Server.Orders;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Emails;

/// <summary>
/// Sends what is due, in three steps like the webhook engine's worker: claim a batch with a lease
/// (<see cref="ReviewEmailClaims"/>), send each (checking first that it is still wanted), and record the
/// outcome only while still holding the lease. A lease is far longer than a send may take
/// (<see cref="EmailOptions.Validate"/>), and a send starts only with most of its lease left, so a live
/// node's email is never taken over; a node that dies mid-send loses its leases when they expire and
/// another node sends again. An email whose sends were cut off twice is not sent a third time.
/// </summary>
public sealed class ReviewEmailSender(
    IServiceScopeFactory scopes,
    IMailTransport transport,
    SqliteWriteGate writeGate,
    TimeProvider clock,
    IOptions<EmailOptions> options,
    ILogger<ReviewEmailSender> logger)
{
    /// <summary>Claims past this many without an outcome mean sends were cut off (a crash) twice: not sent again.</summary>
    public const int MaxClaimsWithoutOutcome = 2;

    private readonly RetrySchedule _retries = new(options.Value.ParseRetryDelays());

    /// <summary>This node's name on the leases it holds.</summary>
    public string NodeId { get; } = $"{Guid.NewGuid():N}-{Environment.ProcessId}-{Environment.MachineName}" is var id && id.Length > 64 ? id[..64] : id;

    private EmailOptions Options => options.Value;

    /// <summary>Claims one batch of due emails and sends it; returns how many were claimed.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        List<(long Id, int Claims)> claimed;
        DateTime claimedAt;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
            claimedAt = clock.GetUtcNow().UtcDateTime;
            if (!await ReviewEmailClaims.AnyDueAsync(db, claimedAt, cancellationToken))
            {
                return 0;
            }
            using (await writeGate.EnterAsync(cancellationToken))
            {
                claimed = await ReviewEmailClaims.ClaimAsync(db, NodeId, claimedAt, claimedAt + Options.LeaseDuration, Options.BatchSize, cancellationToken);
            }
        }
        // The checks are read a chunk at a time: far fewer reads than one set per email (32 sends per connection
        // instead of 8 took a seventh off the sender's CPU per email), and still fresh: a chunk is read as the one before it starts,
        // so an unsubscribe is seen unless it came in within about two chunks' sending. The next chunk's checks
        // are read, and finished chunks recorded, while sends go on: no connection waits for the database, nor
        // for the other connections at the end of a chunk.
        var size = Options.MaxConcurrency * ChunkPerConnection;
        var chunks = claimed.Chunk(size).Select(chunk => new ClaimedChunk(chunk, () => LoadWorkAsync(chunk, cancellationToken))).ToList();
        var recording = Task.CompletedTask;
        var recordingOrder = new Lock();
        void Record(ClaimedChunk chunk)
        {
            lock (recordingOrder)
            {
                recording = RecordAfterAsync(recording, chunk.Sent);
            }
        }
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, claimed.Count), new ParallelOptions { MaxDegreeOfParallelism = Options.MaxConcurrency, CancellationToken = cancellationToken },
                async (index, token) =>
                {
                    var (chunk, position) = (chunks[index / size], index % size);
                    if (position == 0 && index / size + 1 < chunks.Count)
                    {
                        _ = chunks[index / size + 1].Work;
                    }
                    var work = await chunk.Work;
                    var (id, claims) = chunk.Emails[position];
                    await SendOneAsync(id, claims, work?.GetValueOrDefault(id), work is null, claimedAt, chunk.Sent, token);
                    if (chunk.FinishOne())
                    {
                        Record(chunk);
                    }
                });
        }
        finally
        {
            // Also when shutting down mid-batch: what went out is recorded, not left to be sent again.
            foreach (var chunk in chunks.Where(c => !c.Finished))
            {
                Record(chunk);
            }
            await recording;
            foreach (var chunk in chunks.Where(c => c.WorkStarted))
            {
                await ((Task)chunk.Work).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        return claimed.Count;
    }

    /// <summary>Records <paramref name="sent"/> once the chunk before it is recorded (one recording at a time, in order).</summary>
    private async Task RecordAfterAsync(Task previous, ConcurrentQueue<SentReviewEmail> sent)
    {
        await previous;
        await RecordSentAsync(sent);
    }

    /// <summary>Records a chunk's sent emails together (<see cref="SentReviewEmailRecorder"/>); even when stopping, since they did go out.</summary>
    private async Task RecordSentAsync(ConcurrentQueue<SentReviewEmail> sent)
    {
        if (sent.IsEmpty)
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
            using var writing = await writeGate.EnterAsync(CancellationToken.None);
            var lost = await SentReviewEmailRecorder.RecordAsync(db, NodeId, sent, clock.GetUtcNow().UtcDateTime, CancellationToken.None);
            foreach (var id in lost)
            {
                // Cannot happen while leases outlast sends; if it does, say so rather than hide a possible second copy.
                logger.LogWarning("Review email {EmailId} was sent after its lease passed to another node", id);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogError(ex, "Review emails {Ids} were sent but could not be recorded; they are sent again once their leases expire",
                string.Join(',', sent.Select(s => s.Work.Email.Id)));
        }
    }

    /// <summary>Sends per connection that share one read of their checks (and one recording).</summary>
    private const int ChunkPerConnection = 32;

    /// <summary>The chunk's work; null when it could not be read (its emails are left to their leases).</summary>
    private async Task<Dictionary<long, ReviewEmailWork>?> LoadWorkAsync((long Id, int Claims)[] chunk, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            return await ReviewEmailWork.LoadManyAsync(scope.ServiceProvider.GetRequiredService<PlauditDbContext>(),
                chunk.Where(e => e.Claims <= MaxClaimsWithoutOutcome).Select(e => e.Id).ToList(), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            logger.LogError(ex, "Review emails {FirstId}..{LastId} could not be read; they are tried again once their leases expire", chunk[0].Id, chunk[^1].Id);
            return null;
        }
    }

    private async Task SendOneAsync(long id, int claims, ReviewEmailWork? work, bool unread, DateTime claimedAt, ConcurrentQueue<SentReviewEmail> sent, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        // The context is made only on the rare paths that write; a sent email is recorded with its chunk.
        PlauditDbContext Db() => scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
        try
        {
            if (claims > MaxClaimsWithoutOutcome)
            {
                logger.LogWarning("Review email {EmailId} was cut off mid-send twice; it is not sent a third time", id);
                await RecordAsync(Db(), id, ReviewEmailStatus.Failed, "Sending was interrupted twice (the node stopped mid-send); not sent again so the customer gets at most two copies.", null, cancellationToken);
                return;
            }
            if (unread)
            {
                return;
            }
            var reason = work is null ? "The order is gone." : work.WhyNotSend();
            if (work is null || reason is not null)
            {
                await CancelAsync(Db(), id, work, reason!, cancellationToken);
                return;
            }
            // Only with most of the lease (taken at the claim) left: a send must end well before another node may take it.
            if (clock.GetUtcNow().UtcDateTime - claimedAt > Options.LeaseDuration / 3)
            {
                await ReleaseAsync(Db(), id, cancellationToken);
                return;
            }
            // Disposed once sent: MimeKit's entities have finalizers, so an undisposed message (with its headers and bodies)
            // outlives the next collection and is copied into an older generation; that was most of the sender's GC time.
            using var message = work.Email.Kind == ReviewEmailKind.Confirmation
                ? scope.ServiceProvider.GetRequiredService<ReviewConfirmationComposer>().Compose(work.Shop, work.Settings, work.Order, work.Pending, work.Email)
                : await scope.ServiceProvider.GetRequiredService<ReviewEmailComposer>().ComposeAsync(
                    work.Shop, work.Settings, work.Order, work.Unreviewed, work.Products, work.Email.Kind, work.Email.Id, cancellationToken);
            try
            {
                await transport.SendAsync(message, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
            {
                await RecordFailureAsync(Db(), work.Email, ex, cancellationToken);
                return;
            }
            sent.Enqueue(new SentReviewEmail(work, message.MessageId ?? ""));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the lease runs out and the email is claimed again.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Review email {EmailId} failed unexpectedly; it is tried again once its lease expires", id);
        }
    }

    private async Task RecordFailureAsync(PlauditDbContext db, ReviewEmail email, Exception ex, CancellationToken cancellationToken)
    {
        var attempts = email.Attempts + 1;
        var delay = _retries.NextDelay(attempts - 1);
        var error = ex is MailKit.Net.Smtp.SmtpCommandException command
            ? $"The mail server answered {(int)command.StatusCode} ({command.ErrorCode}): {command.Message}"
            : $"{ex.GetType().Name}: {ex.Message}";
        logger.LogWarning("Review email {EmailId} was refused or not delivered to the mail server ({Error}); {Next}", email.Id, error,
            delay is null ? "giving up" : $"trying again in {delay}");
        var now = clock.GetUtcNow().UtcDateTime;
        using var writing = await writeGate.EnterAsync(cancellationToken);
        await db.ReviewEmails.Where(e => e.Id == email.Id && e.LeaseOwner == NodeId)
            .ExecuteUpdateAsync(e => e
                .SetProperty(x => x.Status, delay is null ? ReviewEmailStatus.Failed : ReviewEmailStatus.Scheduled)
                .SetProperty(x => x.DueAt, now + (delay ?? TimeSpan.Zero)).SetProperty(x => x.Attempts, attempts)
                .SetProperty(x => x.LastError, error.Length > 1000 ? error[..1000] : error)
                .SetProperty(x => x.LeaseOwner, (string?)null).SetProperty(x => x.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(x => x.Claims, 0).SetProperty(x => x.UpdatedAt, now), cancellationToken);
    }

    private async Task CancelAsync(PlauditDbContext db, long id, ReviewEmailWork? work, string reason, CancellationToken cancellationToken)
    {
        await RecordAsync(db, id, ReviewEmailStatus.Cancelled, reason, work, cancellationToken);
    }

    private async Task RecordAsync(PlauditDbContext db, long id, string status, string reason, ReviewEmailWork? work, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        using var writing = await writeGate.EnterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var recorded = await db.ReviewEmails.Where(e => e.Id == id && e.LeaseOwner == NodeId)
            .ExecuteUpdateAsync(e => e.SetProperty(x => x.Status, status).SetProperty(x => x.LastError, reason)
                .SetProperty(x => x.LeaseOwner, (string?)null).SetProperty(x => x.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(x => x.Claims, 0).SetProperty(x => x.UpdatedAt, now), cancellationToken);
        // A request that is no longer wanted leaves its order waiting (the spec's status for "no request").
        if (recorded > 0 && work is { Email.Kind: ReviewEmailKind.Request, Order.Status: OrderStatus.Scheduled })
        {
            // Tracked, not a bulk update: the save advances the shop's data version, so cached get_orders answers refresh.
            var order = await db.Orders.SingleAsync(o => o.Id == work.Order.Id, cancellationToken);
            if (order.Status == OrderStatus.Scheduled)
            {
                order.Status = OrderStatus.Waiting;
                order.ScheduledAt = null;
                order.UpdatedAt = now;
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task ReleaseAsync(PlauditDbContext db, long id, CancellationToken cancellationToken)
    {
        using var writing = await writeGate.EnterAsync(cancellationToken);
        await db.ReviewEmails.Where(e => e.Id == id && e.LeaseOwner == NodeId)
            .ExecuteUpdateAsync(e => e.SetProperty(x => x.LeaseOwner, (string?)null).SetProperty(x => x.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(x => x.Claims, x => x.Claims - 1), cancellationToken);
    }
}
