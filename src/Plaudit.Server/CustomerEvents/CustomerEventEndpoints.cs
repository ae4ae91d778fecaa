using Microsoft.EntityFrameworkCore;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Platforms;

namespace Plaudit.Server.CustomerEvents;

public static class CustomerEventEndpoints
{
    public static RouteGroupBuilder MapCustomerEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/get_customer_events", GetCustomerEvents).RequireScope(Scopes.ReadCustomerEvents)
            .WithName("GetCustomerEvents").WithSummary("List customer interaction events");
        return api;
    }

    private static async Task<ApiResponse<Paged<CustomerEventJson>>> GetCustomerEvents(
        HttpContext http, PageRequest page, CustomerEventQuery query, CancellationToken cancellationToken)
    {
        var db = http.ReadDatabase();
        var (eventType, eventSource, osType, deviceType, clientId) = (query.EventType, query.EventSource, query.OsType, query.DeviceType, query.ClientId);
        var (from, to) = (query.StartTime, query.EndTime);
        var ascending = query.SortBy == "created-ascending";

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
