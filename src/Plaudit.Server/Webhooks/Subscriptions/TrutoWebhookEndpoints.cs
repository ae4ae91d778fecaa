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

public sealed record TrutoWebhookRequest(string TargetUrl, bool? IsActive, IReadOnlyList<string>? EventTypes);

public sealed record TrutoTestRequest(string Id);

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
        api.MapPost("", CreateAsync).Accepts<TrutoWebhookRequest>("application/json")
            .Produces<TrutoWebhookJson>(StatusCodes.Status201Created).WithName("TrutoCreateWebhook").WithSummary("Create a webhook for some event types, or all (event_types empty or missing)");
        api.MapGet("", ListAsync).Produces<TrutoWebhookList>().WithName("TrutoListWebhooks").WithSummary("List your Truto-shaped webhooks");
        api.MapGet("/{id}", GetAsync).Produces<TrutoWebhookJson>().WithName("TrutoGetWebhook").WithSummary("One webhook");
        api.MapPatch("/{id}", UpdateAsync).Accepts<TrutoWebhookRequest>("application/json")
            .Produces<TrutoWebhookJson>().WithName("TrutoUpdateWebhook").WithSummary("Change target_url, is_active or event_types");
        api.MapDelete("/{id}", DeleteAsync).Produces<TrutoWebhookJson>().WithName("TrutoDeleteWebhook").WithSummary("Delete a webhook");
        api.MapPost("/test", TestAsync).Accepts<TrutoTestRequest>("application/json")
            .WithName("TrutoTestWebhook").WithSummary("Send a sample review/created event to a webhook");
        return app;
    }

    private static async Task<IResult> CreateAsync(
        HttpContext http, WebhookSubscriptions subscriptions, SigningSecrets secrets, CancellationToken cancellationToken)
    {
        if (Read(http, subscriptions, creating: true, out var input) is { } invalid)
        {
            return invalid;
        }
        var secret = Guid.NewGuid().ToString();
        var request = new NewSubscription(WebhookShape.Truto, input.Topics!, input.Url!, input.IsActive ?? true, secrets.ProtectSubscriptionSecret(secret));
        var outcome = await subscriptions.CreateAsync(ApiCaller.Of(http), request, cancellationToken);
        return outcome.Subscription is { } subscription
            ? Results.Json(Json(subscription, secret), OpenApiJson.Options, statusCode: StatusCodes.Status201Created)
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
        HttpContext http, WebhookSubscriptions subscriptions, SigningSecrets secrets, string id, CancellationToken cancellationToken)
    {
        var caller = ApiCaller.Of(http);
        if (await subscriptions.FindAsync(caller, WebhookShape.Truto, id, cancellationToken) is not { } subscription)
        {
            return NotFound(id);
        }
        if (Read(http, subscriptions, creating: false, out var input) is { } invalid)
        {
            return invalid;
        }
        var change = new SubscriptionChange(input.Topics, input.Url, input.IsActive);
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
        HttpContext http, WebhookSubscriptions subscriptions, TimeProvider clock, DeliveryTransitions transitions, CancellationToken cancellationToken)
    {
        var body = JsonFields.Parse(BufferedBody.Of(http), out var parseError);
        var id = parseError is null ? body.String("id", required: true, maxLength: 64) : null;
        if ((parseError ?? body.Error) is { } error)
        {
            return TrutoErrors.Instance.Result(error);
        }
        if (await subscriptions.FindAsync(ApiCaller.Of(http), WebhookShape.Truto, id!, cancellationToken) is not { } subscription)
        {
            return NotFound(id!);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var delivery = await transitions.CreateTestAsync(subscription, Topics.ReviewCreated, SamplePayloads.For(Topics.ReviewCreated, now), now, cancellationToken);
        return Results.Json(new { id = subscription.PublicId, delivery_id = delivery.RequestId }, OpenApiJson.Options);
    }

    private sealed record Input(string? Url, bool? IsActive, string? Topics);

    /// <summary>Reads the body; returns the 400 answer (naming the field) when it is not acceptable.</summary>
    private static IResult? Read(HttpContext http, WebhookSubscriptions subscriptions, bool creating, out Input input)
    {
        input = new Input(null, null, null);
        var body = JsonFields.Parse(BufferedBody.Of(http), out var parseError);
        if (parseError is not null)
        {
            return TrutoErrors.Instance.Result(parseError);
        }
        var url = body.String("target_url", required: creating, maxLength: SubscriptionRules.MaxUrlLength);
        switch (url is null ? null : subscriptions.TargetProblem(url))
        {
            case SubscriptionProblem.InvalidField:
                body.Reject("target_url", "must be an absolute http(s) URL");
                break;
            case SubscriptionProblem.PrivateTargetRefused:
                body.Reject("target_url", SubscriptionRules.RefusedTarget);
                break;
        }
        bool? isActive = body.KindOf("is_active") switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Undefined => null,
            _ => Reject(body, "is_active", "must be true or false"),
        };
        string? topics = null;
        var kind = body.KindOf("event_types");
        if (kind == JsonValueKind.Array)
        {
            topics = ReadEventTypes(http, body);
        }
        else if (kind == JsonValueKind.Undefined)
        {
            topics = creating ? WebhookSubscription.AllTopics : null;
        }
        else
        {
            body.Reject("event_types", "must be an array of event types");
        }
        if (body.Error is not null)
        {
            return TrutoErrors.Instance.Result(body.Error);
        }
        input = new Input(url, isActive, topics);
        return null;
    }

    private static bool? Reject(JsonFields body, string field, string problem)
    {
        body.Reject(field, problem);
        return null;
    }

    /// <summary>
    /// Event types Truto's document lists. Plaudit has no such events, but a client written from that
    /// document may subscribe to them: the subscription is kept, and they simply never fire.
    /// </summary>
    private static readonly string[] TrutoEventTypes =
    [
        "sync_job_run:created", "sync_job_run:updated", "sync_job_run:started", "sync_job_run:completed", "sync_job_run:failed",
        "sync_job_run:record", "integrated_account:created", "integrated_account:updated", "integrated_account:active",
        "integrated_account:reactivated", "integrated_account:authentication_error", "integrated_account:post_install_error",
    ];

    /// <summary>An empty list means every topic; each entry is a Plaudit topic, with <c>/</c> or <c>:</c>, or one of Truto's own event types.</summary>
    private static string? ReadEventTypes(HttpContext http, JsonFields body)
    {
        using var document = JsonDocument.Parse(BufferedBody.Of(http).Bytes);
        var topics = new List<string>();
        var index = 0;
        foreach (var item in document.RootElement.GetProperty("event_types").EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
            var trutoOwn = text is not null && TrutoEventTypes.Contains(text, StringComparer.Ordinal);
            var topic = trutoOwn ? text : text?.Replace(':', '/');
            if (!trutoOwn && !SubscriptionRules.IsTopic(topic))
            {
                body.Reject($"event_types[{index}]", $"must be one of: {SubscriptionRules.TopicList} (or with ':' for '/')");
                return null;
            }
            if (!topics.Contains(topic!, StringComparer.Ordinal))
            {
                topics.Add(topic!);
            }
            index++;
        }
        return topics.Count == 0 ? WebhookSubscription.AllTopics : string.Join(',', topics);
    }

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
