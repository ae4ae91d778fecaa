using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Orders;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Emails;

/// <summary>
/// Decides whether and when an order's review request goes out, in the caller's transaction: an
/// order gets one when requests are on, it has a customer email that is not excluded, and some of its
/// products are not yet reviewed by that customer; it is due <see cref="EmailSettings.DaysAfterOrder"/>
/// days after the order, moved into the shop's sending window. Cancelled orders, and orders whose
/// request would have been due more than <see cref="TooLate"/> ago (an import of old orders), get none.
/// Only the schedule is touched here, never a lease: an email on the wire is the sender's.
/// </summary>
public sealed class ReviewEmailScheduler(PlauditDbContext db, ReviewEmailWake wake, SqliteWriteGate writeGate, TimeProvider clock)
{
    public static readonly TimeSpan TooLate = TimeSpan.FromDays(14);
    private const int Chunk = 500;

    /// <summary>Whether something this scheduler scheduled is due already: call <see cref="WakeSenderIfDue"/> once it is committed.</summary>
    public bool ScheduledDueNow { get; private set; }

    /// <summary>After the commit: a request due now goes out at once rather than at the sender's next poll.</summary>
    public void WakeSenderIfDue()
    {
        if (ScheduledDueNow)
        {
            wake.Set();
            ScheduledDueNow = false;
        }
    }

    /// <summary>Schedules (or unschedules) the request of each order; the orders are tracked and saved, so they have ids. The caller saves.</summary>
    public async Task ScheduleAsync(long shopId, IReadOnlyCollection<Order> orders, CancellationToken cancellationToken)
    {
        if (orders.Count == 0)
        {
            return;
        }
        var settings = await EmailSettingsStore.GetAsync(db, shopId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var rowIds = orders.Select(o => o.Id).ToList();
        var requests = await db.ReviewEmails.Where(e => rowIds.Contains(e.OrderRowId)).ToListAsync(cancellationToken);
        var eligibility = await OrderEligibility.LoadAsync(db, shopId, orders, cancellationToken);
        foreach (var order in orders)
        {
            var emails = requests.Where(e => e.OrderRowId == order.Id).ToList();
            Decide(order, emails.FirstOrDefault(e => e.Kind == ReviewEmailKind.Request), emails, settings, eligibility, now);
        }
    }

    /// <summary>
    /// After a settings change, once the settings are committed: every order still waiting for its request
    /// or reminder is scheduled anew, a chunk per transaction, each taking its turn at the write lock with
    /// the node's other writers. In one transaction, a large shop's reschedule held SQLite's lock for most
    /// of a minute, and the webhook dispatcher gave up at its 30 s busy timeout ("database is locked").
    /// </summary>
    public async Task RescheduleShopAsync(long shopId, EmailSettings settings, CancellationToken cancellationToken)
    {
        var recent = clock.GetUtcNow().UtcDateTime - TooLate - TimeSpan.FromDays(settings.DaysAfterOrder);
        for (long? after = 0; after is { } from;)
        {
            after = await InChunkAsync(() => RescheduleOrdersAsync(shopId, recent, from, cancellationToken), cancellationToken);
        }
        for (long? after = 0; after is { } from;)
        {
            after = await InChunkAsync(() => RescheduleRemindersAsync(shopId, settings, from, cancellationToken), cancellationToken);
        }
    }

    /// <summary>Runs one chunk of a reschedule in its own transaction, at the write lock; returns where the next chunk starts, or null at the end.</summary>
    private async Task<long?> InChunkAsync(Func<Task<long?>> chunk, CancellationToken cancellationToken)
    {
        using var passage = await writeGate.EnterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var next = await chunk();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return next;
    }

    private async Task<long?> RescheduleOrdersAsync(long shopId, DateTime recent, long after, CancellationToken cancellationToken)
    {
        var orders = await db.Orders
            .Where(o => o.ShopId == shopId && o.Id > after
                && (o.Status == OrderStatus.Scheduled || (o.Status == OrderStatus.Waiting && o.OrderedAt >= recent)))
            .OrderBy(o => o.Id).Take(Chunk).ToListAsync(cancellationToken);
        await ScheduleAsync(shopId, orders, cancellationToken);
        return orders.Count == Chunk ? orders[^1].Id : null;
    }

    private async Task<long?> RescheduleRemindersAsync(long shopId, EmailSettings settings, long after, CancellationToken cancellationToken)
    {
        var reminders = await db.ReviewEmails
            .Where(e => e.ShopId == shopId && e.Id > after && e.Kind == ReviewEmailKind.Reminder && e.Status == ReviewEmailStatus.Scheduled)
            .OrderBy(e => e.Id).Take(Chunk).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var orderIds = reminders.Select(r => r.OrderRowId).ToList();
        var sentAt = await db.ReviewEmails
            .Where(e => orderIds.Contains(e.OrderRowId) && e.Kind == ReviewEmailKind.Request && e.SentAt != null)
            .ToDictionaryAsync(e => e.OrderRowId, e => e.SentAt!.Value, cancellationToken);
        foreach (var reminder in reminders)
        {
            if (!settings.Enabled || settings.ReminderDays == 0 || !sentAt.TryGetValue(reminder.OrderRowId, out var sent))
            {
                Cancel(reminder, now);
                continue;
            }
            reminder.DueAt = settings.Window.Next(Later(sent.AddDays(settings.ReminderDays), now));
            reminder.UpdatedAt = now;
        }
        return reminders.Count == Chunk ? reminders[^1].Id : null;
    }

    /// <summary>Queues the reminder of an order whose request just went out (when the shop sends reminders).</summary>
    public static ReviewEmail? Reminder(long shopId, long orderRowId, EmailSettings settings, DateTime sentAt, DateTime now) =>
        !settings.Enabled || settings.ReminderDays == 0 ? null : new ReviewEmail
        {
            ShopId = shopId,
            OrderRowId = orderRowId,
            Kind = ReviewEmailKind.Reminder,
            DueAt = settings.Window.Next(Later(sentAt.AddDays(settings.ReminderDays), now)),
            CreatedAt = now,
            UpdatedAt = now,
        };

    private void Decide(Order order, ReviewEmail? request, List<ReviewEmail> emails, EmailSettings settings, OrderEligibility eligibility, DateTime now)
    {
        if (order.Status == OrderStatus.Cancelled)
        {
            emails.ForEach(e => Cancel(e, now));
            order.ScheduledAt = null;
            return;
        }
        if (order.Status is not (OrderStatus.Waiting or OrderStatus.Scheduled) || request is { Status: ReviewEmailStatus.Sent or ReviewEmailStatus.Failed })
        {
            return;
        }
        var due = settings.Window.Next(Later(order.OrderedAt.AddDays(settings.DaysAfterOrder), now));
        var eligible = settings.Enabled && eligibility.MayRequest(order) && order.OrderedAt.AddDays(settings.DaysAfterOrder) >= now - TooLate;
        if (!eligible)
        {
            if (request is not null)
            {
                Cancel(request, now);
            }
            order.Status = OrderStatus.Waiting;
            order.ScheduledAt = null;
            return;
        }
        if (request is null)
        {
            request = new ReviewEmail { ShopId = order.ShopId, OrderRowId = order.Id, Kind = ReviewEmailKind.Request, CreatedAt = now };
            db.ReviewEmails.Add(request);
        }
        request.Status = ReviewEmailStatus.Scheduled;
        request.DueAt = due;
        ScheduledDueNow |= due <= now;
        request.UpdatedAt = now;
        order.Status = OrderStatus.Scheduled;
        order.ScheduledAt = due;
    }

    private static void Cancel(ReviewEmail email, DateTime now)
    {
        if (email.Status == ReviewEmailStatus.Scheduled)
        {
            email.Status = ReviewEmailStatus.Cancelled;
            email.UpdatedAt = now;
        }
    }

    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;
}
