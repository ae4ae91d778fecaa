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
public sealed class ReviewConfirmations(
    PlauditDbContext db, OutboxWriter outbox, SqliteWriteGate writeGate, ReviewEmailWake wake, TimeProvider clock, ILogger<ReviewConfirmations> logger)
{
    /// <summary>
    /// At most one confirmation email per order in this time: anyone may submit reviews in a buyer's
    /// name, and each would otherwise mail them. A later email names every review still waiting.
    /// </summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(10);

    /// <summary>The most reviews one confirmation names (a token must stay short enough for a URL).</summary>
    public const int MaxReviews = 20;

    /// <summary>
    /// After a storefront review is stored: queues a confirmation email if its address matches an order
    /// for its product. Never throws for a database failure: the review is stored, so the submission
    /// succeeded; it just stays unverified.
    /// </summary>
    public async Task RequestAsync(Review review, CancellationToken cancellationToken)
    {
        if (review.IsVerified || review.ProductId is null || !ReviewSources.SelfDeclared.Contains(review.Source))
        {
            return;
        }
        try
        {
            await QueueAsync(review, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
        {
            // The review's id, never its address.
            logger.LogWarning(ex, "No confirmation email could be queued for review {ReviewId}; it stays unverified", review.Id);
        }
    }

    private async Task QueueAsync(Review review, CancellationToken cancellationToken)
    {
        var order = await VerifiedPurchases.FindOrderAsync(db, review.ShopId, review.AuthorEmail, review.ProductId, cancellationToken);
        if (order is null || order.Status == OrderStatus.Cancelled)
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            try
            {
                await ArmAsync(review.ShopId, order.Id, now, cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another submission for this order inserted the row first (PostgreSQL): arm that one.
                db.ChangeTracker.Clear();
                await ArmAsync(review.ShopId, order.Id, now, cancellationToken);
            }
        }
        wake.Set();
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
        var email = await db.ReviewEmails.FirstOrDefaultAsync(e => e.OrderRowId == orderRowId && e.Kind == ReviewEmailKind.Confirmation, cancellationToken);
        if (email is null)
        {
            email = new ReviewEmail { ShopId = shopId, OrderRowId = orderRowId, Kind = ReviewEmailKind.Confirmation, DueAt = now, CreatedAt = now };
            db.ReviewEmails.Add(email);
        }
        else if (email.Status != ReviewEmailStatus.Scheduled)
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
        await db.SaveChangesAsync(cancellationToken);
    }
}
