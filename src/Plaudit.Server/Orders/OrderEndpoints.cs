using Microsoft.EntityFrameworkCore;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Platforms;

namespace Plaudit.Server.Orders;

public static class OrderEndpoints
{
    private static readonly string[] SortValues = ["created-descending", "created-ascending"];

    public static RouteGroupBuilder MapOrderEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/get_orders", GetOrders).CacheReads().RequireScope(Scopes.ReadOrders).DocumentQuery(
            [
                .. QueryParameterDocs.Paging,
                new("type", "integer", "0 all (default), 1 waiting, 2 scheduled, 3 sent, 4 opened, 5 evaluated, 6 cancelled."),
                new("start_sent_at", "string", "Review request sent at or after (RFC 3339 or Unix seconds)."),
                new("end_sent_at", "string", "Review request sent at or before."),
                new("start_time", "string", "Order placed at or after."),
                new("end_time", "string", "Order placed at or before."),
                new("customer_email", "string", "Only this customer's orders."),
                new("sort_by", "string", "created-descending (default) or created-ascending."),
            ])
            .WithName("GetOrders").WithSummary("List orders, filtered by review-request status and time");
        return api;
    }

    private static async Task<ApiResponse<Paged<OrderJson>>> GetOrders(HttpContext http, CancellationToken cancellationToken)
    {
        var db = http.ReadDatabase();
        var query = new QueryFields(http.Request.Query);
        var page = PageRequest.Read(query);
        var status = query.Int("type", min: 0, max: OrderStatus.Cancelled) ?? 0;
        var sentFrom = query.Time("start_sent_at");
        var sentTo = query.Time("end_sent_at");
        var orderedFrom = query.Time("start_time");
        var orderedTo = query.Time("end_time");
        var email = query.String("customer_email", maxLength: 320);
        var ascending = query.OneOf("sort_by", SortValues) == "created-ascending";
        if (query.Error is not null)
        {
            return query.Error;
        }

        var shopId = ApiCaller.Of(http).ShopId;
        var orders = db.Orders.AsNoTracking().Where(o => o.ShopId == shopId);
        if (status != 0)
        {
            orders = orders.Where(o => o.Status == status);
        }
        if (sentFrom is { } sf)
        {
            orders = orders.Where(o => o.SentAt >= sf);
        }
        if (sentTo is { } st)
        {
            orders = orders.Where(o => o.SentAt <= st);
        }
        if (orderedFrom is { } of)
        {
            orders = orders.Where(o => o.OrderedAt >= of);
        }
        if (orderedTo is { } ot)
        {
            orders = orders.Where(o => o.OrderedAt <= ot);
        }
        if (email is not null)
        {
            var normalized = email.ToLowerInvariant();
            orders = orders.Where(o => o.CustomerEmail == normalized);
        }
        orders = ascending
            ? orders.OrderBy(o => o.OrderedAt).ThenBy(o => o.Id)
            : orders.OrderByDescending(o => o.OrderedAt).ThenByDescending(o => o.Id);
        return ApiResponse<Paged<OrderJson>>.Ok(await orders.ToPagedAsync(page, OrderJson.From, cancellationToken));
    }
}
