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

    /// <summary>The most reviews one confirmation names (a token must stay short enough for a URL).</summary>
    public const int MaxReviews = 20;

    private bool _queued;

    /// <summary>
    /// In the review writer's transaction, so a stored review never misses its email (a crash between
    /// two transactions would leave it unverified with nothing to confirm it by): arms the confirmation
    /// of the order each review's address matches for its product, the earliest such order that is not
    /// cancelled. The caller saves; call <see cref="WakeSenderIfQueued"/> once it has committed.
    /// </summary>
    public async Task QueueAsync(IEnumerable<Review> reviews, AuthorOrders orders, DateTime now, CancellationToken cancellationToken)
    {
        var armed = new HashSet<long>();
        foreach (var review in reviews.Where(r => !r.IsVerified && r.ProductId is not null && ReviewSources.SelfDeclared.Contains(r.Source)))
        {
            var order = orders.Earliest(review.ShopId, review.AuthorEmail, review.ProductId, uncancelled: true);
            if (order is not null && armed.Add(order.Id))
            {
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
    /// Verifies the link's reviews that still belong to its order's customer and product, each with a
    /// review/updated event; a review verified already is left as it is (a second click changes nothing).
    /// False when the link confirms nothing: its order is gone, cancelled or now another customer's, or its reviews are.
    /// </summary>
    public async Task<bool> ConfirmAsync(EmailLinkToken link, CancellationToken cancellationToken)
    {
        if (link.ReviewIds is not { Count: > 0 and <= MaxReviews } ids)
        {
            return false;
        }
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == link.OrderRowId && o.ShopId == link.ShopId, cancellationToken);
        var installed = await db.Shops.AnyAsync(s => s.Id == link.ShopId && s.UninstalledAt == null, cancellationToken);
        if (order is null || !installed || order.Status == OrderStatus.Cancelled || order.CustomerEmail != link.Email)
        {
            return false;
        }
        var reviews = (await db.Reviews.Include(r => r.Product).Where(r => r.ShopId == link.ShopId && ids.Contains(r.Id)).ToListAsync(cancellationToken))
            .Where(r => Matches(r, order) && link.ProductIds.Contains(r.ProductId!)).ToList();
        if (reviews.Count == 0)
        {
            return false;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var review in reviews.Where(r => !r.IsVerified))
        {
            review.IsVerified = true;
            review.OrderId = order.OrderId;
            review.UpdatedAt = now;
            outbox.Add(link.ShopId, Topics.ReviewUpdated, ReviewJson.From(review));
        }
        // The reviews and their events commit together.
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The order customer's storefront reviews of its products that wait for confirmation (read when the email is composed).</summary>
    public static async Task<List<Review>> PendingAsync(PlauditDbContext db, Order order, CancellationToken cancellationToken)
    {
        var productIds = order.Lines.Select(l => l.ProductId).Distinct().ToList();
        var selfDeclared = ReviewSources.SelfDeclared.ToList();
        // A list, as OrderEligibility does: LOWER(author_email) IN (...) translates, string.Equals with a comparison does not.
        List<string> email = [order.CustomerEmail];
        var reviews = await db.Reviews.AsNoTracking().Include(r => r.Product)
            .Where(r => r.ShopId == order.ShopId && !r.IsVerified && r.ProductId != null && productIds.Contains(r.ProductId)
                && selfDeclared.Contains(r.Source) && email.Contains(r.AuthorEmail.ToLower()))
            .OrderByDescending(r => r.Id).Take(MaxReviews).ToListAsync(cancellationToken);
        return reviews;
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
