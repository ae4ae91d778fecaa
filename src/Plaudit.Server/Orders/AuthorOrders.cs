using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Orders;

/// <summary>
/// The orders placed by a batch of reviews' authors, read in one query per shop: the review writer
/// asks, for every review, for the earliest order of its email that holds its product (to verify a
/// shop's own review, or to ask a shopper to confirm theirs), and one query per review, inside the
/// writer's turn at the write lock, cost more than the batch's inserts.
/// </summary>
public sealed class AuthorOrders
{
    private readonly Dictionary<(long ShopId, string Email), List<Order>> _orders;

    private AuthorOrders(Dictionary<(long, string), List<Order>> orders) => _orders = orders;

    public static async Task<AuthorOrders> LoadAsync(PlauditDbContext db, IEnumerable<(long ShopId, string Email)> authors, CancellationToken cancellationToken)
    {
        var orders = new Dictionary<(long, string), List<Order>>();
        foreach (var shop in authors.Select(a => (a.ShopId, Email: Normalize(a.Email))).Where(a => a.Email.Length > 0).Distinct().GroupBy(a => a.ShopId))
        {
            var emails = shop.Select(a => a.Email).ToList();
            var rows = await db.Orders.AsNoTracking()
                .Where(o => o.ShopId == shop.Key && emails.Contains(o.CustomerEmail))
                .OrderBy(o => o.OrderedAt)
                .ToListAsync(cancellationToken);
            foreach (var order in rows)
            {
                var key = (shop.Key, order.CustomerEmail);
                if (!orders.TryGetValue(key, out var list))
                {
                    orders[key] = list = [];
                }
                list.Add(order);
            }
        }
        return new AuthorOrders(orders);
    }

    /// <summary>The shop's earliest order by this email that contains the product (and, if asked, is not cancelled).</summary>
    public Order? Earliest(long shopId, string email, string? productId, bool uncancelled = false) =>
        string.IsNullOrEmpty(productId) || !_orders.TryGetValue((shopId, Normalize(email)), out var orders)
            ? null
            : orders.FirstOrDefault(o => (!uncancelled || o.Status != OrderStatus.Cancelled) && o.Lines.Any(l => l.ProductId == productId));

    private static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
