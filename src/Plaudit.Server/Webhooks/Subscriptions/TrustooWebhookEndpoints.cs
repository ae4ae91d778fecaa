using Microsoft.EntityFrameworkCore;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>The Trustoo-shaped subscription API (spec 3.2 and create_shop_webhook).</summary>
public static class TrustooWebhookEndpoints
{
    public static RouteGroupBuilder MapTrustooWebhookEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/create_shop_webhook", Create).Accepts<CreateWebhookRequest>("application/json")
            .WithName("CreateShopWebhook").WithSummary("Subscribe a URL to a topic");
        api.MapMethods("/update_shop_webhook", ["POST", "PUT"], Update).Accepts<UpdateWebhookRequest>("application/json")
            .WithName("UpdateShopWebhook").WithSummary("Change a webhook's URL (or topic); also re-enables a disabled webhook");
        api.MapMethods("/delete_shop_webhook", ["POST", "DELETE"], Delete).Accepts<WebhookIdRequest>("application/json")
            .WithName("DeleteShopWebhook").WithSummary("Delete a webhook and its pending deliveries");
        api.MapGet("/get_shop_webhooks", List)
            .DocumentQuery([.. QueryParameterDocs.Paging, new("topic", "string", "Only webhooks of this topic.")])
            .WithName("GetShopWebhooks").WithSummary("List the caller's webhooks, of every subscription API shape");
        return api;
    }

    private static async Task<ApiResponse<WebhookJson>> Create(
        HttpContext http, PlauditDbContext db, PrivateNetworkGuard guard, SubscriptionCap cap, TimeProvider clock, CancellationToken cancellationToken)
    {
        var body = JsonFields.Parse(BufferedBody.Of(http), out var parseError);
        if (parseError is not null)
        {
            return parseError;
        }
        var (topic, url) = (ReadTopic(body, required: true), ReadUrl(body, guard));
        if (body.Error is not null)
        {
            return body.Error;
        }
        var caller = ApiCaller.Of(http);
        if (TopicScopeError(caller, topic!) is { } denied)
        {
            return denied;
        }
        await using var adding = await cap.BeginAddingAsync(caller, cancellationToken);
        if (adding is null)
        {
            // Spec code 8, "rejected due to resource limits"; its table gives no message of its own.
            return new ApiError(ApiCode.ResourceExhausted, "Sorry, too many webhooks. " + cap.Refusal);
        }
        if (await db.WebhookSubscriptions.OwnedBy(caller).AnyAsync(s => s.Topics == topic && s.Url == url, cancellationToken))
        {
            return ApiError.AlreadyExists($"A webhook for {topic} to this URL already exists.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var subscription = ShapeSubscriptions.New(caller, WebhookShape.Trustoo, topic!, url!, now);
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        await adding.CommitAsync(cancellationToken);
        return ApiResponse<WebhookJson>.Ok(WebhookJson.From(subscription));
    }

    private static async Task<ApiResponse<WebhookJson>> Update(
        HttpContext http, PlauditDbContext db, PrivateNetworkGuard guard, TimeProvider clock, CancellationToken cancellationToken)
    {
        var body = JsonFields.Parse(BufferedBody.Of(http), out var parseError);
        if (parseError is not null)
        {
            return parseError;
        }
        var id = body.Id("id", required: true);
        var url = body.Has("url") ? ReadUrl(body, guard) : null;
        var topic = ReadTopic(body, required: false);
        if (body.Error is not null)
        {
            return body.Error;
        }
        if (url is null && topic is null)
        {
            return ApiError.InvalidArgument("url is required.");
        }
        var caller = ApiCaller.Of(http);
        var subscription = SubscriptionOwnership.ParseId(id) is { } key
            ? await db.WebhookSubscriptions.OwnedBy(caller).FirstOrDefaultAsync(s => s.Id == key, cancellationToken)
            : null;
        if (subscription is null)
        {
            return ApiError.NotFound($"No webhook with id {id}.");
        }
        if (topic is not null && TopicScopeError(caller, topic) is { } denied)
        {
            return denied;
        }
        var newTopic = topic ?? subscription.Topics;
        var newUrl = url ?? subscription.Url;
        if (await db.WebhookSubscriptions.OwnedBy(caller).AnyAsync(s => s.Id != subscription.Id && s.Topics == newTopic && s.Url == newUrl, cancellationToken))
        {
            return ApiError.AlreadyExists($"A webhook for {newTopic} to this URL already exists.");
        }
        subscription.Topics = newTopic;
        subscription.Url = newUrl;
        subscription.IsActive = true;
        subscription.DisabledReason = null;
        subscription.FailingSince = null;
        subscription.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return ApiResponse<WebhookJson>.Ok(WebhookJson.From(subscription));
    }

    private static async Task<ApiResponse<WebhookJson>> Delete(HttpContext http, PlauditDbContext db, DeliveryTransitions transitions, CancellationToken cancellationToken)
    {
        string? id;
        if (BufferedBody.Of(http).IsEmpty)
        {
            id = new QueryFields(http.Request.Query).String("id", maxLength: 32);
        }
        else
        {
            var body = JsonFields.Parse(BufferedBody.Of(http), out var parseError);
            if (parseError is not null)
            {
                return parseError;
            }
            id = body.Id("id", required: true);
            if (body.Error is not null)
            {
                return body.Error;
            }
        }
        if (id is null)
        {
            return ApiError.InvalidArgument("id is required.");
        }
        var subscription = SubscriptionOwnership.ParseId(id) is { } key
            ? await db.WebhookSubscriptions.OwnedBy(ApiCaller.Of(http)).FirstOrDefaultAsync(s => s.Id == key, cancellationToken)
            : null;
        if (subscription is null)
        {
            return ApiError.NotFound($"No webhook with id {id}.");
        }
        await transitions.RemoveSubscriptionAsync(subscription, cancellationToken);
        return ApiResponse<WebhookJson>.Ok(WebhookJson.From(subscription));
    }

    private static async Task<ApiResponse<Paged<WebhookJson>>> List(HttpContext http, PlauditDbContext db, CancellationToken cancellationToken)
    {
        var query = new QueryFields(http.Request.Query);
        var page = PageRequest.Read(query);
        var topic = query.String("topic", maxLength: 64);
        if (query.Error is not null)
        {
            return query.Error;
        }
        var subscriptions = db.WebhookSubscriptions.AsNoTracking().OwnedBy(ApiCaller.Of(http));
        if (topic is not null)
        {
            subscriptions = subscriptions.Where(s => s.Topics == topic || s.Topics == WebhookSubscription.AllTopics || s.Topics.Contains(topic));
        }
        return ApiResponse<Paged<WebhookJson>>.Ok(await subscriptions.OrderBy(s => s.Id).ToPagedAsync(page, WebhookJson.From, cancellationToken));
    }

    private static string? ReadTopic(JsonFields body, bool required)
    {
        var topic = body.String("topic", required, maxLength: 64);
        if (topic is not null && !SubscriptionRules.IsTopic(topic))
        {
            body.Reject("topic", $"must be one of: {SubscriptionRules.TopicList}");
        }
        return topic;
    }

    private static string? ReadUrl(JsonFields body, PrivateNetworkGuard guard)
    {
        var url = body.String("url", required: true, maxLength: SubscriptionRules.MaxUrlLength);
        if (url is not null && !SubscriptionRules.IsUrl(url))
        {
            body.Reject("url", "must be an absolute http(s) URL");
        }
        else if (url is not null && SubscriptionRules.IsRefusedTarget(guard, url))
        {
            body.Reject("url", SubscriptionRules.RefusedTarget);
        }
        return url;
    }

    /// <summary>Spec: review topics need write_reviews, customer_event/created needs read_customer_events.</summary>
    public static ApiError? TopicScopeError(ApiCaller caller, string topic)
    {
        var scope = TopicScopes.RequiredFor(topic);
        return caller.HasScope(scope) ? null : ApiError.PermissionDenied($"Webhooks for {topic} need the {scope} scope.");
    }
}
