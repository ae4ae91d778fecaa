using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Outbox;
using Plaudit.Server.Platforms;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;
using Plaudit.Server.Webhooks.Signing;

namespace Plaudit.Server.Webhooks.Subscriptions;

public sealed record TrutoWebhookJson(
    string Id, string EnvironmentId, IReadOnlyList<string> EventTypes, bool IsActive, string Secret, string TargetUrl, string CreatedAt, string UpdatedAt);

public sealed record TrutoWebhookList(IReadOnlyList<TrutoWebhookJson> Result, string? NextCursor);

/// <summary>
/// The Truto-shaped subscription API (<c>/webhook</c>) over the one subscription model: event types
/// (none = every topic, including later ones), <c>is_active</c>, and a secret (a UUID) of each
/// webhook's own that signs its deliveries. Event types are Plaudit's topics, written with <c>/</c> or <c>:</c>.
/// </summary>
public static class TrutoWebhookEndpoints
{
    public const string Prefix = "/webhook";

    public static IEndpointRouteBuilder MapTrutoWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).RequireApiCredentials()
            .WithMetadata(TrutoErrors.Instance).WithTags("Truto-shaped webhooks");
        api.MapPost("", CreateAsync).Produces<TrutoWebhookJson>(StatusCodes.Status201Created).WithName("TrutoCreateWebhook").WithSummary("Create a webhook for some event types, or all (event_types empty or missing)");
        api.MapGet("", ListAsync).Produces<TrutoWebhookList>().WithName("TrutoListWebhooks").WithSummary("List your Truto-shaped webhooks");
        api.MapGet("/{id}", GetAsync).Produces<TrutoWebhookJson>().WithName("TrutoGetWebhook").WithSummary("One webhook");
        api.MapPatch("/{id}", UpdateAsync).Produces<TrutoWebhookJson>().WithName("TrutoUpdateWebhook").WithSummary("Change target_url, is_active or event_types");
        api.MapDelete("/{id}", DeleteAsync).Produces<TrutoWebhookJson>().WithName("TrutoDeleteWebhook").WithSummary("Delete a webhook");
        api.MapPost("/test", TestAsync).WithName("TrutoTestWebhook").WithSummary("Send a sample review/created event to a webhook");
        return app;
    }

    private static async Task<IResult> CreateAsync(
        HttpContext http, TrutoWebhookRequest request, WebhookSubscriptions subscriptions, SigningSecrets secrets, CancellationToken cancellationToken)
    {
        if (UrlProblem(request.TargetUrl, subscriptions) is { } invalid)
        {
            return invalid;
        }
        var secret = Guid.NewGuid().ToString();
        var topics = TrutoEventTypes.Topics(request.EventTypes ?? []);
        var subscription = new NewSubscription(WebhookShape.Truto, topics, request.TargetUrl, request.IsActive ?? true, secrets.ProtectSubscriptionSecret(secret));
        var outcome = await subscriptions.CreateAsync(ApiCaller.Of(http), subscription, cancellationToken);
        return outcome.Subscription is { } created
            ? Results.Json(Json(created, secret), OpenApiJson.Options, statusCode: StatusCodes.Status201Created)
            : Refusal(outcome);
    }

    private static async Task<IResult> ListAsync(HttpContext http, PlauditDbContext db, SigningSecrets secrets, CancellationToken cancellationToken)
    {
        var list = await db.WebhookSubscriptions.AsNoTracking().OfShape(ApiCaller.Of(http), WebhookShape.Truto).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        return Results.Json(new TrutoWebhookList(list.Select(s => Json(s, secrets)).ToList(), null), OpenApiJson.Options);
    }

    private static async Task<IResult> GetAsync(HttpContext http, WebhookSubscriptions subscriptions, SigningSecrets secrets, string id, CancellationToken cancellationToken) =>
        await subscriptions.FindAsync(ApiCaller.Of(http), WebhookShape.Truto, id, cancellationToken) is { } subscription
            ? Results.Json(Json(subscription, secrets), OpenApiJson.Options)
            : NotFound(id);

    private static async Task<IResult> UpdateAsync(
        HttpContext http, TrutoWebhookChange request, WebhookSubscriptions subscriptions, SigningSecrets secrets, string id, CancellationToken cancellationToken)
    {
        var caller = ApiCaller.Of(http);
        if (await subscriptions.FindAsync(caller, WebhookShape.Truto, id, cancellationToken) is not { } subscription)
        {
            return NotFound(id);
        }
        if (request.TargetUrl is { } url && UrlProblem(url, subscriptions) is { } invalid)
        {
            return invalid;
        }
        var topics = request.EventTypes is null ? null : TrutoEventTypes.Topics(request.EventTypes);
        var change = new SubscriptionChange(topics, request.TargetUrl, request.IsActive);
        var outcome = await subscriptions.UpdateAsync(caller, WebhookShape.Truto, subscription, change, cancellationToken);
        return outcome.Problem is null ? Results.Json(Json(subscription, secrets), OpenApiJson.Options) : Refusal(outcome);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, WebhookSubscriptions subscriptions, SigningSecrets secrets, string id, CancellationToken cancellationToken)
    {
        if (await subscriptions.FindAsync(ApiCaller.Of(http), WebhookShape.Truto, id, cancellationToken) is not { } subscription)
        {
            return NotFound(id);
        }
        var json = Json(subscription, secrets);
        await subscriptions.DeleteAsync(subscription, cancellationToken);
        return Results.Json(json, OpenApiJson.Options);
    }

    /// <summary>Truto's "send test event": a sample review/created through the real engine to this one webhook.</summary>
    private static async Task<IResult> TestAsync(
        HttpContext http, TrutoTestRequest request, WebhookSubscriptions subscriptions, TimeProvider clock, DeliveryTransitions transitions,
        CancellationToken cancellationToken)
    {
        if (await subscriptions.FindAsync(ApiCaller.Of(http), WebhookShape.Truto, request.Id, cancellationToken) is not { } subscription)
        {
            return NotFound(request.Id);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var delivery = await transitions.CreateTestAsync(subscription, Topics.ReviewCreated, SamplePayloads.For(Topics.ReviewCreated, now), now, cancellationToken);
        return Results.Json(new { id = subscription.PublicId, delivery_id = delivery.RequestId }, OpenApiJson.Options);
    }

    /// <summary>The target's check needs the network rules: a 400 naming target_url, as for any other field.</summary>
    private static IResult? UrlProblem(string url, WebhookSubscriptions subscriptions) => subscriptions.TargetProblem(url) switch
    {
        SubscriptionProblem.InvalidField => TrutoErrors.Instance.Result(ApiError.InvalidArgument("target_url must be an absolute http(s) URL.")),
        SubscriptionProblem.PrivateTargetRefused => TrutoErrors.Instance.Result(ApiError.InvalidArgument($"target_url {SubscriptionRules.RefusedTarget}.")),
        _ => null,
    };

    /// <summary>Truto's answers: 403 for a scope, 400 for the cap.</summary>
    private static IResult Refusal(SubscriptionOutcome outcome) => TrutoErrors.Instance.Result(outcome.Problem switch
    {
        SubscriptionProblem.ScopeDenied when outcome.Detail is null =>
            ApiError.PermissionDenied($"Webhooks need the {Scopes.WriteReviews} or {Scopes.ReadCustomerEvents} scope."),
        SubscriptionProblem.ScopeDenied => ApiError.PermissionDenied($"These event types need the {outcome.Detail} scope."),
        SubscriptionProblem.CapReached => new ApiError(ApiCode.InvalidArgument, "Too many webhooks: " + outcome.Detail),
        var other => throw new UnreachableException($"Truto-shaped create and update do not answer {other}."),
    });

    private static IResult NotFound(string id) => TrutoErrors.Instance.Result(ApiError.NotFound($"No webhook with id {id}."));

    private static TrutoWebhookJson Json(WebhookSubscription s, SigningSecrets secrets) =>
        Json(s, secrets.Resolve(new SigningKey(s.ProtectedSecret, null, "")));

    private static TrutoWebhookJson Json(WebhookSubscription s, string secret) => new(
        s.PublicId.ToString(),
        WebhookOwner.EnvironmentId(s.ShopId ?? 0, s.PlatformClientId).ToString(),
        s.TopicList,
        s.IsActive,
        secret,
        s.Url,
        TrutoTime.Format(s.CreatedAt),
        TrutoTime.Format(s.UpdatedAt));
}

/// <summary>Truto-style errors: the HTTP status, and <c>{"statusCode","error","message"}</c> with the message naming the field.</summary>
public sealed class TrutoErrors : IApiErrorFormat
{
    public static readonly TrutoErrors Instance = new();

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public IResult Result(ApiError error)
    {
        var status = ApiErrorFormats.HttpStatus(error.Code);
        return Results.Json(new
        {
            statusCode = status,
            error = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
            message = error.Message,
        }, Options, statusCode: status);
    }
}
