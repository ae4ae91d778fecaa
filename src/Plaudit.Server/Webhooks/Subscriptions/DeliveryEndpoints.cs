using Microsoft.EntityFrameworkCore;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>Plaudit extensions for merchants: see every delivery and attempt, resend one, recover failed ones.</summary>
public static class DeliveryEndpoints
{
    public static RouteGroupBuilder MapDeliveryEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/get_webhook_deliveries", List)
            .WithName("GetWebhookDeliveries").WithSummary("Plaudit extension: deliveries of your webhooks with every attempt");
        api.MapPost("/resend_webhook_delivery", Resend)
            .WithName("ResendWebhookDelivery").WithSummary("Plaudit extension: send one delivery again now");
        api.MapPost("/recover_webhook_deliveries", Recover)
            .WithName("RecoverWebhookDeliveries").WithSummary("Plaudit extension: retry every failed delivery created since a time");
        return api;
    }

    private static IQueryable<WebhookDelivery> Owned(PlauditDbContext db, ApiCaller caller) =>
        from d in db.WebhookDeliveries
        join s in db.WebhookSubscriptions.OwnedBy(caller) on d.SubscriptionId equals s.Id
        select d;

    private static async Task<ApiResponse<Paged<DeliveryJson>>> List(
        HttpContext http, PageRequest page, DeliveryListQuery query, PlauditDbContext db, CancellationToken cancellationToken)
    {
        var (webhookId, status) = (query.WebhookId, query.Status);
        var deliveries = Owned(db, ApiCaller.Of(http)).AsNoTracking();
        if (webhookId is not null)
        {
            var id = SubscriptionOwnership.ParseId(webhookId) ?? -1;
            deliveries = deliveries.Where(d => d.SubscriptionId == id);
        }
        if (status is not null)
        {
            deliveries = deliveries.Where(d => d.Status == status);
        }
        var paged = await deliveries.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).ToPagedAsync(page, d => d, cancellationToken);
        var ids = paged.List.Select(d => d.Id).ToList();
        var eventIds = paged.List.Select(d => d.OutboxEventId).Distinct().ToList();
        var attempts = (await db.DeliveryAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(cancellationToken)).ToLookup(a => a.DeliveryId);
        var events = await db.OutboxEvents.AsNoTracking().Where(e => eventIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.EventId, cancellationToken);
        var list = paged.List.Select(d => DeliveryJson.From(d, events.GetValueOrDefault(d.OutboxEventId, ""), attempts[d.Id])).ToList();
        return ApiResponse<Paged<DeliveryJson>>.Ok(new Paged<DeliveryJson>(list, paged.Page));
    }

    private static async Task<ApiResponse<DeliveryJson>> Resend(
        HttpContext http, DeliveryIdRequest request, PlauditDbContext db, DeliveryTransitions transitions, CancellationToken cancellationToken)
    {
        var id = request.Id;
        var key = SubscriptionOwnership.ParseId(id) ?? -1;
        var delivery = await Owned(db, ApiCaller.Of(http)).FirstOrDefaultAsync(d => d.Id == key, cancellationToken);
        if (delivery is null)
        {
            return ApiError.NotFound($"No delivery with id {id}.");
        }
        if (!await transitions.ResendAsync(delivery, cancellationToken))
        {
            return ApiError.Create(ApiCode.ResourceExhausted, "This delivery is being attempted right now; try again in a moment.");
        }
        var eventId = await db.OutboxEvents.Where(e => e.Id == delivery.OutboxEventId).Select(e => e.EventId).FirstAsync(cancellationToken);
        var attempts = await db.DeliveryAttempts.AsNoTracking().Where(a => a.DeliveryId == delivery.Id).ToListAsync(cancellationToken);
        return ApiResponse<DeliveryJson>.Ok(DeliveryJson.From(delivery, eventId, attempts));
    }

    private static async Task<ApiResponse<RecoveredJson>> Recover(
        HttpContext http, RecoverDeliveriesRequest request, PlauditDbContext db, DeliveryTransitions transitions, CancellationToken cancellationToken)
    {
        var (since, webhookId) = (request.Since, request.WebhookId);
        var candidates = Owned(db, ApiCaller.Of(http)).Where(d => d.CreatedAt >= since);
        if (webhookId is not null)
        {
            var id = SubscriptionOwnership.ParseId(webhookId) ?? -1;
            candidates = candidates.Where(d => d.SubscriptionId == id);
        }
        var recovered = await transitions.RecoverAsync(candidates, cancellationToken);
        return ApiResponse<RecoveredJson>.Ok(new RecoveredJson(recovered));
    }
}
