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

    private static async Task<ApiResponse<WebhookJson>> Create(HttpContext http, WebhookSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        var body = JsonFields.Parse(BufferedBody.Of(http), out var parseError);
        if (parseError is not null)
        {
            return parseError;
        }
        var (topic, url) = (ReadTopic(body, required: true), ReadUrl(body, subscriptions));
        if (body.Error is not null)
        {
            return body.Error;
        }
        var outcome = await subscriptions.CreateAsync(ApiCaller.Of(http), new NewSubscription(WebhookShape.Trustoo, topic!, url!), cancellationToken);
        return Answer(outcome, topic!);
    }

    private static async Task<ApiResponse<WebhookJson>> Update(HttpContext http, WebhookSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        var body = JsonFields.Parse(BufferedBody.Of(http), out var parseError);
        if (parseError is not null)
        {
            return parseError;
        }
        var id = body.Id("id", required: true);
        var url = body.Has("url") ? ReadUrl(body, subscriptions) : null;
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
        if (await subscriptions.FindByIdAsync(caller, id, cancellationToken) is not { } subscription)
        {
            return ApiError.NotFound($"No webhook with id {id}.");
        }
        var newTopic = topic ?? subscription.Topics;
        var outcome = await subscriptions.UpdateAsync(
            caller, WebhookShape.Trustoo, subscription, new SubscriptionChange(topic, url, IsActive: true), cancellationToken);
        return Answer(outcome, newTopic);
    }

    private static async Task<ApiResponse<WebhookJson>> Delete(HttpContext http, WebhookSubscriptions subscriptions, CancellationToken cancellationToken)
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
        if (await subscriptions.FindByIdAsync(ApiCaller.Of(http), id, cancellationToken) is not { } subscription)
        {
            return ApiError.NotFound($"No webhook with id {id}.");
        }
        await subscriptions.DeleteAsync(subscription, cancellationToken);
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

    private static string? ReadUrl(JsonFields body, WebhookSubscriptions subscriptions)
    {
        var url = body.String("url", required: true, maxLength: SubscriptionRules.MaxUrlLength);
        switch (url is null ? null : subscriptions.TargetProblem(url))
        {
            case SubscriptionProblem.InvalidField:
                body.Reject("url", "must be an absolute http(s) URL");
                break;
            case SubscriptionProblem.PrivateTargetRefused:
                body.Reject("url", SubscriptionRules.RefusedTarget);
                break;
        }
        return url;
    }

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
