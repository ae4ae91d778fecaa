using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;

namespace Plaudit.Server.CustomerEvents;

/// <summary>Records a customer event together with its customer_event/created outbox event.</summary>
public sealed class CustomerEventRecorder(PlauditDbContext db, OutboxWriter outbox)
{
    public async Task<CustomerEvent> RecordAsync(CustomerEvent customerEvent, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.CustomerEvents.Add(customerEvent);
        await db.SaveChangesAsync(cancellationToken);
        outbox.Add(customerEvent.ShopId, Topics.CustomerEventCreated, CustomerEventJson.From(customerEvent));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return customerEvent;
    }
}
