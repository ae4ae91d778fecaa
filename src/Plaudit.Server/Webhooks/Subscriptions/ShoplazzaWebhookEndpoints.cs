using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Webhooks.Subscriptions;

public sealed record ShoplazzaWebhookJson(string Id, string Address, string Topic, string CreatedAt, string UpdatedAt, string Format)
{
    public static ShoplazzaWebhookJson From(WebhookSubscription s) =>
        new(s.PublicId.ToString(), s.Url, s.Topics, WireTime.Format(s.CreatedAt), WireTime.Format(s.UpdatedAt), "json");
}

public sealed record ShoplazzaWebhookEnvelope(ShoplazzaWebhookJson Webhook);

public sealed record ShoplazzaWebhookList(IReadOnlyList<ShoplazzaWebhookJson> Webhooks);

public sealed record ShoplazzaCount(int Count);

/// <summary>
/// The Shoplazza-shaped subscription API (<c>/openapi/2022-01/webhooks</c>) over the one subscription
/// model: one topic per webhook, one webhook per topic per owner, errors in Shoplazza's words and
/// statuses. Credentials as for the Open API (HMAC headers, or a bearer token, also accepted in
/// Shoplazza's <c>Access-Token</c> header).
/// </summary>
public static class ShoplazzaWebhookEndpoints
{
    public const string Prefix = "/openapi/2022-01/webhooks";

    public static IEndpointRouteBuilder MapShoplazzaWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).RequireApiCredentials()
            .WithMetadata(ShoplazzaErrors.Instance).WithTags("Shoplazza-shaped webhooks");
        api.MapPost("", CreateAsync).Produces<ShoplazzaWebhookEnvelope>().WithName("ShoplazzaCreateWebhook").WithSummary("Subscribe an address to a topic (one webhook per topic)");
        api.MapGet("", ListAsync).Produces<ShoplazzaWebhookList>().WithName("ShoplazzaListWebhooks").WithSummary("List your Shoplazza-shaped webhooks (?topic=, ?address=)");
        api.MapGet("/count", CountAsync).Produces<ShoplazzaCount>().WithName("ShoplazzaCountWebhooks").WithSummary("Count your Shoplazza-shaped webhooks");
        api.MapGet("/{id}", GetAsync).Produces<ShoplazzaWebhookEnvelope>().WithName("ShoplazzaGetWebhook").WithSummary("One webhook");
        api.MapPut("/{id}", UpdateAsync).Produces<ShoplazzaWebhookEnvelope>().WithName("ShoplazzaUpdateWebhook").WithSummary("Change a webhook's address or topic (re-enables it)");
        api.MapDelete("/{id}", DeleteAsync).WithName("ShoplazzaDeleteWebhook").WithSummary("Delete a webhook");
        return app;
    }

    /// <summary>Shoplazza clients send their token in <c>Access-Token</c>; it becomes the bearer token.</summary>
    public static Task AcceptAccessTokenHeader(HttpContext http, Func<Task> next)
    {
        var headers = http.Request.Headers;
        if (http.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrWhiteSpace(headers.Authorization) && headers["Access-Token"].ToString() is { Length: > 0 } token)
        {
            headers.Authorization = "Bearer " + token;
        }
        return next();
    }

    private static async Task<IResult> CreateAsync(
        HttpContext http, ShoplazzaWebhookRequest? body, WebhookSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        var (topic, address) = ((body ?? ShoplazzaWebhookRequest.Empty).Fields.Topic, (body ?? ShoplazzaWebhookRequest.Empty).Fields.Address);
        var problems = Problems(topic, address, subscriptions, required: true);
        if (problems.Count > 0)
        {
            return ShoplazzaErrors.Unprocessable(problems);
        }
        var outcome = await subscriptions.CreateAsync(ApiCaller.Of(http), new NewSubscription(WebhookShape.Shoplazza, topic!, address!), cancellationToken);
        return Answer(outcome, topic!);
    }

    private static async Task<IResult> ListAsync(HttpContext http, PlauditDbContext db, string? topic, string? address, CancellationToken cancellationToken)
    {
        var subscriptions = db.WebhookSubscriptions.AsNoTracking().OfShape(ApiCaller.Of(http), WebhookShape.Shoplazza);
        if (!string.IsNullOrEmpty(topic))
        {
            subscriptions = subscriptions.Where(s => s.Topics == topic);
        }
        if (!string.IsNullOrEmpty(address))
        {
            subscriptions = subscriptions.Where(s => s.Url == address);
        }
        var list = await subscriptions.OrderBy(s => s.Id).ToListAsync(cancellationToken);
        return Results.Json(new ShoplazzaWebhookList(list.Select(ShoplazzaWebhookJson.From).ToList()), OpenApiJson.Options);
    }

    private static async Task<IResult> CountAsync(HttpContext http, PlauditDbContext db, CancellationToken cancellationToken) =>
        Results.Json(new ShoplazzaCount(await db.WebhookSubscriptions.OfShape(ApiCaller.Of(http), WebhookShape.Shoplazza).CountAsync(cancellationToken)), OpenApiJson.Options);

    private static async Task<IResult> GetAsync(HttpContext http, WebhookSubscriptions subscriptions, string id, CancellationToken cancellationToken) =>
        await subscriptions.FindAsync(ApiCaller.Of(http), WebhookShape.Shoplazza, id, cancellationToken) is { } subscription
            ? Results.Json(new ShoplazzaWebhookEnvelope(ShoplazzaWebhookJson.From(subscription)), OpenApiJson.Options)
            : ShoplazzaErrors.RecordNotFound();

    private static async Task<IResult> UpdateAsync(
        HttpContext http, ShoplazzaWebhookRequest? body, WebhookSubscriptions subscriptions, string id, CancellationToken cancellationToken)
    {
        var caller = ApiCaller.Of(http);
        if (await subscriptions.FindAsync(caller, WebhookShape.Shoplazza, id, cancellationToken) is not { } subscription)
        {
            return ShoplazzaErrors.RecordNotFound();
        }
        var (topic, address) = ((body ?? ShoplazzaWebhookRequest.Empty).Fields.Topic, (body ?? ShoplazzaWebhookRequest.Empty).Fields.Address);
        var problems = Problems(topic, address, subscriptions, required: false);
        if (problems.Count > 0)
        {
            return ShoplazzaErrors.Unprocessable(problems);
        }
        // The same topic again is no change: neither its scope nor "Topic already exists" is looked at.
        var change = new SubscriptionChange(topic == subscription.Topics ? null : topic, address, IsActive: true);
        return Answer(await subscriptions.UpdateAsync(caller, WebhookShape.Shoplazza, subscription, change, cancellationToken), topic);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, WebhookSubscriptions subscriptions, string id, CancellationToken cancellationToken)
    {
        if (await subscriptions.FindAsync(ApiCaller.Of(http), WebhookShape.Shoplazza, id, cancellationToken) is not { } subscription)
        {
            return ShoplazzaErrors.RecordNotFound();
        }
        await subscriptions.DeleteAsync(subscription, cancellationToken);
        return Results.Json(new { }, OpenApiJson.Options);
    }

    /// <summary>Shoplazza's answers: 403 for a scope, 422 for the cap or a second webhook for the topic.</summary>
    private static IResult Answer(SubscriptionOutcome outcome, string? topic) => outcome.Problem switch
    {
        null => Results.Json(new ShoplazzaWebhookEnvelope(ShoplazzaWebhookJson.From(outcome.Subscription!)), OpenApiJson.Options),
        SubscriptionProblem.ScopeDenied => ShoplazzaErrors.Instance.Result(ApiError.PermissionDenied($"Webhooks for {topic} need the {outcome.Detail} scope.")),
        SubscriptionProblem.CapReached => ShoplazzaErrors.Unprocessable(["Webhook limit reached: " + outcome.Detail]),
        SubscriptionProblem.Duplicate => ShoplazzaErrors.Unprocessable(["Topic already exists"]),
        var other => throw new UnreachableException($"Create and update do not answer {other}."),
    };

    /// <summary>Shoplazza's 422 messages for the fields of a body (the body's shape is checked when it is read: 400).</summary>
    private static List<string> Problems(string? topic, string? address, WebhookSubscriptions subscriptions, bool required)
    {
        var problems = new List<string>();
        if ((required || topic is not null) && !SubscriptionRules.IsTopic(topic))
        {
            problems.Add($"Topic is not allowed, allowed topic are: {string.Join(',', Topics.Subscribable)}");
        }
        if ((required || address is not null) && string.IsNullOrWhiteSpace(address))
        {
            problems.Add("Address can't be blank");
        }
        else if (address is not null && subscriptions.TargetProblem(address) is { } refused)
        {
            problems.Add(refused == SubscriptionProblem.PrivateTargetRefused ? $"Address is not allowed: it {SubscriptionRules.RefusedTarget}" : "Address is invalid");
        }
        return problems;
    }
}

/// <summary>
/// Shoplazza's error table: 400 Bad Request, 401 Unauthorized, 404 <c>{"error":"Record not found"}</c>,
/// 422 <c>{"errors":[...]}</c>. A <c>message</c> field adds Plaudit's detail where Shoplazza has none.
/// </summary>
public sealed class ShoplazzaErrors : IApiErrorFormat
{
    public static readonly ShoplazzaErrors Instance = new();

    public IResult Result(ApiError error)
    {
        var status = ApiErrorFormats.HttpStatus(error.Code);
        return status switch
        {
            StatusCodes.Status404NotFound => RecordNotFound(),
            StatusCodes.Status403Forbidden => Results.Json(new { errors = new[] { error.Message } }, statusCode: status),
            _ => Results.Json(new { error = ReasonPhrase(status), message = error.Message }, statusCode: status),
        };
    }

    public static IResult RecordNotFound() => Results.Json(new { error = "Record not found" }, statusCode: StatusCodes.Status404NotFound);

    public static IResult Unprocessable(IReadOnlyList<string> errors) => Results.Json(new { errors }, statusCode: StatusCodes.Status422UnprocessableEntity);

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
