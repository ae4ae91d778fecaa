using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.CustomerEvents;

/// <summary>The <c>get_customer_events</c> query, besides the page.</summary>
public sealed record CustomerEventQuery(
    [property: MaxLength(64), Description("VIEW_REVIEW, EXPAND_CONTENT, SUBMIT_REVIEW, CLICK_REVIEW, ...")] string? EventType,
    [property: MaxLength(32), Description("STOREFRONT, EMAIL, ADMIN.")] string? EventSource,
    [property: MaxLength(32), Description("IOS, ANDROID, WINDOWS, ...")] string? OsType,
    [property: MaxLength(32), Description("Desktop, Mobile, Tablet.")] string? DeviceType,
    [property: MaxLength(128), Description("One shopper's events.")] string? ClientId,
    [property: Description("At or after (RFC 3339 or Unix seconds).")] DateTime? StartTime,
    [property: Description("At or before.")] DateTime? EndTime,
    [property: AllowedValues("created-descending", "created-ascending"), Description("created-descending (default) or created-ascending.")] string? SortBy)
    : IQueryInput<CustomerEventQuery>;
