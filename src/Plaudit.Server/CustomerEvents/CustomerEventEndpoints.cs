using Microsoft.EntityFrameworkCore;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Platforms;

namespace Plaudit.Server.CustomerEvents;

public static class CustomerEventEndpoints
{
    private static readonly string[] SortValues = ["created-descending", "created-ascending"];

    public static RouteGroupBuilder MapCustomerEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/get_customer_events", GetCustomerEvents).RequireScope(Scopes.ReadCustomerEvents).DocumentQuery(
            [
                .. QueryParameterDocs.Paging,
                new("event_type", "string", "VIEW_REVIEW, EXPAND_CONTENT, SUBMIT_REVIEW, CLICK_REVIEW, ..."),
                new("event_source", "string", "STOREFRONT, EMAIL, ADMIN."),
                new("os_type", "string", "IOS, ANDROID, WINDOWS, ..."),
                new("device_type", "string", "Desktop, Mobile, Tablet."),
                new("client_id", "string", "One shopper's events."),
                new("start_time", "string", "At or after (RFC 3339 or Unix seconds)."),
                new("end_time", "string", "At or before."),
                new("sort_by", "string", "created-descending (default) or created-ascending."),
            ])
            .WithName("GetCustomerEvents").WithSummary("List customer interaction events");
        return api;
    }

    private static async Task<ApiResponse<Paged<CustomerEventJson>>> GetCustomerEvents(HttpContext http, CancellationToken cancellationToken)
    {
        var db = http.ReadDatabase();
        var query = new QueryFields(http.Request.Query);
        var page = PageRequest.Read(query);
        var eventType = query.String("event_type", maxLength: 64);
        var eventSource = query.String("event_source", maxLength: 32);
        var osType = query.String("os_type", maxLength: 32);
        var deviceType = query.String("device_type", maxLength: 32);
        var clientId = query.String("client_id", maxLength: 128);
        var from = query.Time("start_time");
        var to = query.Time("end_time");
        var ascending = query.OneOf("sort_by", SortValues) == "created-ascending";
        if (query.Error is not null)
        {
            return query.Error;
        }

        var shopId = ApiCaller.Of(http).ShopId;
        var events = db.CustomerEvents.AsNoTracking().Where(e => e.ShopId == shopId);
        if (eventType is not null)
        {
            events = events.Where(e => e.EventType == eventType);
        }
        if (eventSource is not null)
        {
            events = events.Where(e => e.EventSource == eventSource);
        }
        if (osType is not null)
        {
            events = events.Where(e => e.OsType == osType);
        }
        if (deviceType is not null)
        {
            events = events.Where(e => e.DeviceType == deviceType);
        }
        if (clientId is not null)
        {
            events = events.Where(e => e.ClientId == clientId);
        }
        if (from is { } f)
        {
            events = events.Where(e => e.CreatedAt >= f);
        }
        if (to is { } t)
        {
            events = events.Where(e => e.CreatedAt <= t);
        }
        events = ascending
            ? events.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
            : events.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id);
        return ApiResponse<Paged<CustomerEventJson>>.Ok(await events.ToPagedAsync(page, CustomerEventJson.From, cancellationToken));
    }
}
