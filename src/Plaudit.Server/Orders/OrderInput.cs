using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Plaudit.Server.OpenApi;

namespace Plaudit.Server.Orders;

/// <summary>One order to import, validated; <see cref="OrderId"/> is the idempotency key.</summary>
public sealed partial record OrderInput(
    string OrderId, string OrderNumber, string CustomerName, string CustomerEmail, string CustomerPhone,
    DateTime? OrderedAt, int Status, IReadOnlyList<OrderLine> Lines)
{
    /// <summary>Whether the row named a status (else <see cref="Status"/> is waiting by default).</summary>
    public bool StatusGiven { get; init; }

    /// <summary>
    /// A JSON object: <c>order_id</c> (required), <c>order_number</c>, <c>customer_name</c>,
    /// <c>customer_email</c>, <c>customer_phone</c>, <c>ordered_at</c>, <c>status</c> (1–6 or its name),
    /// and <c>products</c> (or <c>line_items</c>): <c>[{product_id, variant_id, title, quantity}]</c>.
    /// Returns the order, or why it is refused.
    /// </summary>
    public static (OrderInput? Order, string? Problem) FromJson(JsonElement row)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            return (null, "must be a JSON object");
        }
        var lines = new List<OrderLine>();
        var items = row.TryGetProperty("products", out var products) ? products : row.TryGetProperty("line_items", out var lineItems) ? lineItems : default;
        if (items.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            if (items.ValueKind != JsonValueKind.Array)
            {
                return (null, "products must be an array");
            }
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    return (null, $"products[{index}] must be an object");
                }
                var (line, problem) = Line(Text(item, "product_id"), Text(item, "variant_id"), Text(item, "title"), Text(item, "quantity"));
                if (problem is not null)
                {
                    return (null, $"products[{index}].{problem}");
                }
                lines.Add(line!);
                index++;
            }
        }
        return Create(Text(row, "order_id") ?? Text(row, "id"), Text(row, "order_number"), Text(row, "customer_name"), Text(row, "customer_email"),
            Text(row, "customer_phone"), Text(row, "ordered_at"), Text(row, "status"), lines);
    }

    /// <summary>One CSV row's order fields (the line-item columns are read with <see cref="Line"/>).</summary>
    public static (OrderInput? Order, string? Problem) Create(
        string? orderId, string? orderNumber, string? customerName, string? customerEmail, string? customerPhone,
        string? orderedAt, string? status, IReadOnlyList<OrderLine> lines)
    {
        orderId = orderId?.Trim();
        if (string.IsNullOrEmpty(orderId))
        {
            return (null, "order_id is required");
        }
        if (orderId.Length > 64)
        {
            return (null, "order_id is longer than 64 characters");
        }
        var email = customerEmail?.Trim().ToLowerInvariant() ?? "";
        if (email.Length > 0 && (email.Length > 254 || !EmailPattern().IsMatch(email)))
        {
            return (null, "customer_email is not an email address");
        }
        DateTime? ordered = null;
        if (!string.IsNullOrWhiteSpace(orderedAt))
        {
            if (!WireTime.TryParse(orderedAt.Trim(), out var parsed))
            {
                return (null, "ordered_at is not a time (RFC 3339, yyyy-MM-dd HH:mm:ss or Unix seconds)");
            }
            ordered = parsed;
        }
        var statusValue = OrderStatus.Waiting;
        if (!string.IsNullOrWhiteSpace(status))
        {
            var trimmed = status.Trim();
            if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && OrderStatus.Names.ContainsKey(number))
            {
                statusValue = number;
            }
            else if (OrderStatus.Names.FirstOrDefault(n => n.Value.Equals(trimmed, StringComparison.OrdinalIgnoreCase)) is { Value: not null } named)
            {
                statusValue = named.Key;
            }
            else
            {
                return (null, $"status must be 1–6 or one of {string.Join(", ", OrderStatus.Names.Values)}");
            }
        }
        return (new OrderInput(orderId, Clip(orderNumber, 64), Clip(customerName, 200), email, Clip(customerPhone, 64), ordered, statusValue, lines)
            { StatusGiven = !string.IsNullOrWhiteSpace(status) }, null);
    }

    public static (OrderLine? Line, string? Problem) Line(string? productId, string? variantId, string? title, string? quantity)
    {
        productId = productId?.Trim();
        if (string.IsNullOrEmpty(productId))
        {
            return (null, "product_id is required");
        }
        var count = 1;
        if (!string.IsNullOrWhiteSpace(quantity) && (!int.TryParse(quantity.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1))
        {
            return (null, "quantity must be a positive whole number");
        }
        return (new OrderLine(Clip(productId, 64), Clip(variantId, 64), Clip(title, 500), count), null);
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    private static string Clip(string? value, int max)
    {
        var text = value?.Trim() ?? "";
        return text.Length <= max ? text : text[..max];
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
