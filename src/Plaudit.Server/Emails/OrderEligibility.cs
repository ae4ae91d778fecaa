using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Orders;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Emails;

/// <summary>
/// What decides whether a customer may be asked for reviews of an order: an email address, not on the
/// shop's exclusion list (manual or unsubscribed), and a product of the order they have not reviewed.
/// Loaded for a batch of orders in two queries.
/// </summary>
public sealed class OrderEligibility(HashSet<string> excluded, HashSet<(string Email, string ProductId)> reviewed)
{
    public static async Task<OrderEligibility> LoadAsync(PlauditDbContext db, long shopId, IEnumerable<Order> orders, CancellationToken cancellationToken)
    {
        var list = orders.Where(o => o.CustomerEmail.Length > 0).ToList();
        var emails = list.Select(o => o.CustomerEmail).Distinct().ToList();
        if (emails.Count == 0)
        {
            return new OrderEligibility([], []);
        }
        var excluded = await db.CustomerExclusions.AsNoTracking()
            .Where(e => e.ShopId == shopId && EF.Parameter(emails).Contains(e.Email)).Select(e => e.Email).ToListAsync(cancellationToken);
        var productIds = list.SelectMany(o => o.Lines.Select(l => l.ProductId)).Distinct().ToList();
        var reviewed = await db.Reviews.AsNoTracking()
            .Where(r => r.ShopId == shopId && r.ProductId != null && EF.Parameter(productIds).Contains(r.ProductId) && EF.Parameter(emails).Contains(r.AuthorEmail.ToLower()))
            .Select(r => new { Email = r.AuthorEmail.ToLower(), ProductId = r.ProductId! })
            .ToListAsync(cancellationToken);
        return new OrderEligibility([.. excluded], [.. reviewed.Select(r => (r.Email, r.ProductId))]);
    }

    public bool IsExcluded(string email) => excluded.Contains(email);

    /// <summary>The order's products this customer has not reviewed yet.</summary>
    public IReadOnlyList<OrderLine> Unreviewed(Order order) =>
        order.Lines.Where(l => !reviewed.Contains((order.CustomerEmail, l.ProductId))).DistinctBy(l => l.ProductId).ToList();

    public bool MayRequest(Order order) => order.CustomerEmail.Length > 0 && !IsExcluded(order.CustomerEmail) && Unreviewed(order).Count > 0;
}
