using Plaudit.Server.OpenApi;

namespace Plaudit.Server.Orders;

/// <summary>An order on the wire. <c>id</c> is the shop platform's order id, the one reviews carry as <c>order_id</c>.</summary>
public sealed record OrderJson(
    string Id,
    string OrderNumber,
    string CustomerName,
    string CustomerEmail,
    string CustomerPhone,
    int Status,
    string StatusName,
    IReadOnlyList<OrderLineJson> Products,
    string OrderedAt,
    string? ScheduledAt,
    string? SentAt,
    string CreatedAt,
    string UpdatedAt)
{
    public static OrderJson From(Order order) => new(
        order.OrderId,
        order.OrderNumber,
        order.CustomerName,
        order.CustomerEmail,
        order.CustomerPhone,
        order.Status,
        OrderStatus.Names.GetValueOrDefault(order.Status, "unknown"),
        order.Lines.Select(l => new OrderLineJson(l.ProductId, l.VariantId, l.Title, l.Quantity)).ToList(),
        WireTime.Format(order.OrderedAt),
        WireTime.Format(order.ScheduledAt),
        WireTime.Format(order.SentAt),
        WireTime.Format(order.CreatedAt),
        WireTime.Format(order.UpdatedAt));
}
