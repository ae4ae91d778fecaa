using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Orders;
using Plaudit.Server.Outbox;
using Plaudit.Server.Reviews;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Emails;

/// <summary>
/// A storefront review whose email matches an order of the shop for its product is a claim, not a
/// proof: anyone can type a buyer's address. So the order's address gets a confirmation email
/// (a <see cref="ReviewEmailKind.Confirmation"/> row, sent by <see cref="ReviewEmailSender"/> like any
/// review email: durable, leased, retried), and only following its link verifies the review.
/// </summary>
public sealed class ReviewConfirmations(PlauditDbContext db, OutboxWriter outbox, ReviewEmailWake wake, TimeProvider clock)
{
    /// <summary>
    /// At most one confirmation email per order in this time: anyone may submit reviews in a buyer's
    /// name, and each would otherwise mail them. A later email names every review still waiting.
    /// </summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The most storefront reviews that may wait on one order's confirmation; a review past it asks for
    /// no email and stays unverified. Every waiting review is in the email, oldest first, so a flood in
    /// the buyer's name can push nobody's review out of it: it can at worst fill the list before the
    /// buyer writes (the merchant deleting the flood frees it), never verify itself.
    /// </summary>
    public const int MaxPending = 20;

    private bool _queued;

    /// <summary>
    /// In the review writer's transaction, so a stored review never misses its email (a crash between
    /// two transactions would leave it unverified with nothing to confirm it by): arms the confirmation
    /// of the order each review's address matches for its product, the earliest such order that is not
    /// cancelled, unless <see cref="MaxPending"/> older reviews wait on it. The caller saves; call <see cref="WakeSenderIfQueued"/> once it has committed.
    /// </summary>
    public async Task QueueAsync(IEnumerable<Review> reviews, AuthorOrders orders, DateTime now, CancellationToken cancellationToken)
    {
        var armed = new HashSet<long>();
        foreach (var review in reviews.Where(r => !r.IsVerified && r.ProductId is not null && ReviewSources.SelfDeclared.Contains(r.Source)))
        {
            var order = orders.Earliest(review.ShopId, review.AuthorEmail, review.ProductId, uncancelled: true);
            if (order is not null && !armed.Contains(order.Id) && await WaitingBeforeAsync(db, order, review.Id, cancellationToken) < MaxPending)
            {
                armed.Add(order.Id);
                await ArmAsync(review.ShopId, order.Id, now, cancellationToken);
            }
        }
        _queued |= armed.Count > 0;
    }

    /// <summary>After the commit: a queued confirmation goes out at once rather than at the sender's next poll.</summary>
    public void WakeSenderIfQueued()
    {
        if (_queued)
        {
            wake.Set();
            _queued = false;
        }
    }

    /// <summary>
    /// The link's reviews that still belong to its order's customer and product, with the order; null when
    /// the link names none: its order is gone, cancelled or now another customer's, or its reviews are.
    /// The confirmation page shows these, each with its own button.
    /// </summary>
    public async Task<(Order Order, List<Review> Reviews)?> NamedAsync(EmailLinkToken link, CancellationToken cancellationToken)
    {
        if (link.ReviewIds is not { Count: > 0 and <= MaxPending } ids)
        {
            return null;
        }
        if (await EmailLinkOrders.FindAsync(db, link, cancellationToken) is not { } order)
        {
            return null;
        }
        var reviews = (await db.Reviews.Include(r => r.Product).Where(r => r.ShopId == link.ShopId && ids.Contains(r.Id)).ToListAsync(cancellationToken))
            .Where(r => Matches(r, order) && link.ProductIds.Contains(r.ProductId!)).OrderBy(r => r.Id).ToList();
        return reviews.Count == 0 ? null : (order, reviews);
    }

    /// <summary>
    /// Verifies one review the link names, with a review/updated event: the one the person chose after
    /// reading its text, never the others (one of them may be a stranger's, written in their name). A
    /// link naming one review confirms it without <paramref name="reviewId"/>; links mailed before each
    /// review had its own named several and need it. A review verified already is left as it is (a
    /// second click changes nothing). False when that review is not one the link can confirm.
    /// </summary>
    public async Task<bool> ConfirmAsync(EmailLinkToken link, long? reviewId, CancellationToken cancellationToken)
    {
        var chosen = reviewId ?? (link.ReviewIds is [var only] ? only : null);
        if (chosen is null || link.ReviewIds?.Contains(chosen.Value) != true || await NamedAsync(link, cancellationToken) is not (var order, var reviews)
            || reviews.FirstOrDefault(r => r.Id == chosen) is not { } review)
        {
            return false;
        }
        if (!review.IsVerified)
        {
            review.IsVerified = true;
            review.OrderId = order.OrderId;
            review.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            outbox.Add(link.ShopId, Topics.ReviewUpdated, ReviewJson.From(review));
            // The review and its event commit together.
            await db.SaveChangesAsync(cancellationToken);
        }
        return true;
    }

    /// <summary>
    /// The order customer's storefront reviews of its products that wait for confirmation (read when the
    /// email is composed), oldest first: the ones that armed it (see <see cref="MaxPending"/>).
    /// </summary>
    public static async Task<List<Review>> PendingAsync(PlauditDbContext db, Order order, CancellationToken cancellationToken) =>
        await Waiting(db, order).Include(r => r.Product).OrderBy(r => r.Id).Take(MaxPending).ToListAsync(cancellationToken);

    private static Task<int> WaitingBeforeAsync(PlauditDbContext db, Order order, long reviewId, CancellationToken cancellationToken) =>
        Waiting(db, order).CountAsync(r => r.Id < reviewId, cancellationToken);

    private static IQueryable<Review> Waiting(PlauditDbContext db, Order order)
    {
        var productIds = order.Lines.Select(l => l.ProductId).Distinct().ToList();
        var selfDeclared = ReviewSources.SelfDeclared.ToList();
        // A list, as OrderEligibility does: LOWER(author_email) IN (...) translates, string.Equals with a comparison does not.
        List<string> email = [order.CustomerEmail];
        return db.Reviews.AsNoTracking()
            .Where(r => r.ShopId == order.ShopId && !r.IsVerified && r.ProductId != null && productIds.Contains(r.ProductId)
                && selfDeclared.Contains(r.Source) && email.Contains(r.AuthorEmail.ToLower()));
    }

    private static bool Matches(Review review, Order order) =>
        review.ProductId is not null && ReviewSources.SelfDeclared.Contains(review.Source)
        && string.Equals(review.AuthorEmail, order.CustomerEmail, StringComparison.OrdinalIgnoreCase)
        && order.Lines.Any(l => l.ProductId == review.ProductId);

    /// <summary>Schedules the order's confirmation email: now, or once <see cref="MinInterval"/> has passed since the last one.</summary>
    private async Task ArmAsync(long shopId, long orderRowId, DateTime now, CancellationToken cancellationToken)
    {
        // Another node may be inserting this order's row at the same moment (PostgreSQL): a conflict there
        // must not fail the reviews this transaction stores, so a new row is inserted only if missing, due now.
        var inserted = await RawSql.ExecuteAsync(db, """
            INSERT INTO review_emails (shop_id, order_row_id, kind, status, due_at, claims, attempts, last_error, message_id, created_at, updated_at)
            VALUES (@p0, @p1, @p2, @p3, @p4, 0, 0, '', '', @p4, @p4)
            ON CONFLICT (order_row_id, kind) DO NOTHING
            """, [shopId, orderRowId, ReviewEmailKind.Confirmation, ReviewEmailStatus.Scheduled, now], cancellationToken);
        if (inserted > 0)
        {
            return;
        }
        var email = await db.ReviewEmails.SingleAsync(e => e.OrderRowId == orderRowId && e.Kind == ReviewEmailKind.Confirmation, cancellationToken);
        if (email.Status != ReviewEmailStatus.Scheduled)
        {
            email.Status = ReviewEmailStatus.Scheduled;
            email.DueAt = email.SentAt is { } sent && sent + MinInterval > now ? sent + MinInterval : now;
            email.Attempts = 0;
            email.LastError = "";
        }
        // A new stamp even when already scheduled: a send on the wire now (composed before this review)
        // sees it changed and leaves the row scheduled, so this review gets its email too. Strictly later
        // (by a microsecond, PostgreSQL's precision) so that two armings within one clock tick differ.
        email.UpdatedAt = now > email.UpdatedAt ? now : email.UpdatedAt.AddTicks(10);
    }
}
