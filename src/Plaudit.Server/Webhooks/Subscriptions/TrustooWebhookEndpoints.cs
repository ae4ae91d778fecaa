using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>The Trustoo-shaped subscription API (spec 3.2 and create_shop_webhook).</summary>
public static class TrustooWebhookEndpoints
{
    public static RouteGroupBuilder MapTrustooWebhookEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/create_shop_webhook", Create)
            .WithName("CreateShopWebhook").WithSummary("Subscribe a URL to a topic");
        api.MapMethods("/update_shop_webhook", ["POST", "PUT"], Update)
            .WithName("UpdateShopWebhook").WithSummary("Change a webhook's URL (or topic); also re-enables a disabled webhook");
        api.MapMethods("/delete_shop_webhook", ["POST", "DELETE"], Delete)
            .WithName("DeleteShopWebhook").WithSummary("Delete a webhook and its pending deliveries");
        api.MapGet("/get_shop_webhooks", List)
            .WithName("GetShopWebhooks").WithSummary("List the caller's webhooks, of every subscription API shape");
        return api;
    }

    private static async Task<ApiResponse<WebhookJson>> Create(
        HttpContext http, CreateWebhookRequest request, WebhookSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        if (UrlProblem(request.Url, subscriptions) is { } refused)
        {
            return refused;
        }
        var outcome = await subscriptions.CreateAsync(ApiCaller.Of(http), new NewSubscription(WebhookShape.Trustoo, request.Topic, request.Url), cancellationToken);
        return Answer(outcome, request.Topic);
    }

    private static async Task<ApiResponse<WebhookJson>> Update(
        HttpContext http, UpdateWebhookRequest request, WebhookSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        var (id, url, topic) = (request.Id, request.Url, request.Topic);
        if (url is not null && UrlProblem(url, subscriptions) is { } refused)
        {
            return refused;
        }
        if (url is null && topic is null)
        {
            return ApiError.InvalidArgument("url is required.");
        }
        var caller = ApiCaller.Of(http);
        if (await subscriptions.FindByIdAsync(caller, id, cancellationToken) is not { } subscription)
        {
            return ApiError.NotFound($"No webhook with id {id}.");
        }
        var newTopic = topic ?? subscription.Topics;
        var outcome = await subscriptions.UpdateAsync(
            caller, WebhookShape.Trustoo, subscription, new SubscriptionChange(topic, url, IsActive: true), cancellationToken);
        return Answer(outcome, newTopic);
    }

    private static async Task<ApiResponse<WebhookJson>> Delete(
        HttpContext http, WebhookIdRequest? body, WebhookIdQuery query, WebhookSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        var id = body?.Id ?? query.Id;
        if (id is null)
        {
            return ApiError.InvalidArgument("id is required.");
        }
        if (await subscriptions.FindByIdAsync(ApiCaller.Of(http), id, cancellationToken) is not { } subscription)
        {
            return ApiError.NotFound($"No webhook with id {id}.");
        }
        await subscriptions.DeleteAsync(subscription, cancellationToken);
        return ApiResponse<WebhookJson>.Ok(WebhookJson.From(subscription));
    }

    private static async Task<ApiResponse<Paged<WebhookJson>>> List(
        HttpContext http, PageRequest page, WebhookListQuery query, PlauditDbContext db, CancellationToken cancellationToken)
    {
        var topic = query.Topic;
        var subscriptions = db.WebhookSubscriptions.AsNoTracking().OwnedBy(ApiCaller.Of(http));
        if (topic is not null)
        {
            subscriptions = subscriptions.Where(s => s.Topics == topic || s.Topics == WebhookSubscription.AllTopics || s.Topics.Contains(topic));
        }
        return ApiResponse<Paged<WebhookJson>>.Ok(await subscriptions.OrderBy(s => s.Id).ToPagedAsync(page, WebhookJson.From, cancellationToken));
    }

    /// <summary>The target's check needs the network rules: code 3 naming url, as for any other field.</summary>
    private static ApiError? UrlProblem(string url, WebhookSubscriptions subscriptions) => subscriptions.TargetProblem(url) switch
    {
        SubscriptionProblem.InvalidField => ApiError.InvalidArgument("url must be an absolute http(s) URL."),
        SubscriptionProblem.PrivateTargetRefused => ApiError.InvalidArgument($"url {SubscriptionRules.RefusedTarget}."),
        _ => null,
    };

    /// <summary>The envelope for an outcome: spec codes 7 (scope), 8 (the cap) and 6 (a twin).</summary>
    private static ApiResponse<WebhookJson> Answer(SubscriptionOutcome outcome, string topic) => outcome.Problem switch
    {
        null => ApiResponse<WebhookJson>.Ok(WebhookJson.From(outcome.Subscription!)),
        SubscriptionProblem.ScopeDenied => ApiError.PermissionDenied($"Webhooks for {topic} need the {outcome.Detail} scope."),
        // Spec code 8, "rejected due to resource limits"; its table gives no message of its own.
        SubscriptionProblem.CapReached => new ApiError(ApiCode.ResourceExhausted, "Sorry, too many webhooks. " + outcome.Detail),
        SubscriptionProblem.Duplicate => ApiError.AlreadyExists($"A webhook for {topic} to this URL already exists."),
        var other => throw new UnreachableException($"Create and update do not answer {other}."),
    };
}
