using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.CustomerEvents;
using Plaudit.Server.Customers;
using Plaudit.Server.Orders;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Emails;

/// <summary>
/// What a customer does with a review-request email: opening it (the pixel) or following a link is a
/// customer event with <c>event_source</c> EMAIL (and customer_event/created), and moves a sent order to
/// opened; unsubscribing adds the spec's exclusion, exactly as <c>email_unsubscribe</c> does, and takes
/// back the requests still scheduled for that customer.
/// </summary>
public sealed class EmailTracking(
    PlauditDbContext db, CustomerEventRecorder events, CustomerExclusions exclusions, ReviewEmailScheduler scheduler, SqliteWriteGate writeGate, TimeProvider clock)
{
    public const string Source = "EMAIL";
    public const string Opened = "OPEN_EMAIL";
    public const string Clicked = "CLICK_EMAIL";

    public async Task RecordAsync(EmailLinkToken token, string eventType, string pageUrl, string deviceType, CancellationToken cancellationToken)
    {
        var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == token.OrderRowId && o.ShopId == token.ShopId, cancellationToken);
        if (order is null)
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await events.RecordAsync(new CustomerEvent
        {
            ShopId = token.ShopId,
            ClientId = "order:" + order.OrderId,
            EventType = eventType,
            EventSource = Source,
            DeviceType = deviceType,
            PageUrl = pageUrl,
            Properties = JsonSerializer.Serialize(new Dictionary<string, string> { ["order_id"] = order.OrderId }),
            CreatedAt = now,
        }, cancellationToken);
        if (order.Status == OrderStatus.Sent)
        {
            order.Status = OrderStatus.Opened;
            order.UpdatedAt = now;
            // At the write lock's queue, not in SQLite's busy handler: a campaign's opens come in bursts.
            using var passage = await writeGate.EnterAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public async Task UnsubscribeAsync(EmailLinkToken token, CancellationToken cancellationToken)
    {
        await exclusions.AddAsync(token.ShopId, token.Email, ExclusionSource.Unsubscribe, cancellationToken);
        var email = CustomerEndpoints.NormalizeEmail(token.Email);
        var scheduled = await db.Orders.Where(o => o.ShopId == token.ShopId && o.CustomerEmail == email && o.Status == OrderStatus.Scheduled)
            .ToListAsync(cancellationToken);
        await scheduler.ScheduleAsync(token.ShopId, scheduled, cancellationToken);
        using var passage = await writeGate.EnterAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
