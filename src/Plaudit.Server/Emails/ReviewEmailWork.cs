using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Orders;
using Plaudit.Server.Reviews;
using Plaudit.Server.Shops;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Emails;

/// <summary>
/// A claimed email with everything needed to decide whether it is still wanted and to compose it
/// (for a confirmation, <see cref="Pending"/>: the storefront reviews it asks the customer to confirm).
/// </summary>
public sealed record ReviewEmailWork(
    ReviewEmail Email, Order Order, Shop Shop, EmailSettings Settings, bool Excluded, IReadOnlyList<OrderLine> Unreviewed,
    IReadOnlyDictionary<string, Product> Products, IReadOnlyList<Review> Pending)
{
    /// <summary>
    /// The work of a chunk of claimed emails in a few queries (three, then three per shop) rather than
    /// seven per email: at thousands of emails a minute the sender's cost is these reads. An email whose
    /// order (or shop) is gone has no entry. Each list travels as one parameter (<c>EF.Parameter</c>: json_each
    /// on SQLite, <c>= ANY</c> on PostgreSQL): EF's default, a parameter per item, made a chunk's reads bind
    /// hundreds of named parameters (SQLite finds each by name in a list) and cost half again as much.
    /// </summary>
    public static async Task<Dictionary<long, ReviewEmailWork>> LoadManyAsync(PlauditDbContext db, IReadOnlyCollection<long> emailIds, CancellationToken cancellationToken)
    {
        var emails = await db.ReviewEmails.AsNoTracking().Where(e => EF.Parameter(emailIds).Contains(e.Id)).ToListAsync(cancellationToken);
        var orderIds = emails.Select(e => e.OrderRowId).Distinct().ToList();
        var orders = await db.Orders.AsNoTracking().Where(o => EF.Parameter(orderIds).Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        var shopIds = orders.Values.Select(o => o.ShopId).Distinct().ToList();
        var shops = await db.Shops.AsNoTracking().Where(s => shopIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var settings = await db.EmailSettings.AsNoTracking().Where(s => shopIds.Contains(s.ShopId)).ToDictionaryAsync(s => s.ShopId, cancellationToken);
        var work = new Dictionary<long, ReviewEmailWork>();
        foreach (var shop in shops.Values)
        {
            var shopOrders = orders.Values.Where(o => o.ShopId == shop.Id).ToList();
            var eligibility = await OrderEligibility.LoadAsync(db, shop.Id, shopOrders, cancellationToken);
            var productIds = shopOrders.SelectMany(o => o.Lines.Select(l => l.ProductId)).Distinct().ToList();
            var products = await db.Products.AsNoTracking().Where(p => p.ShopId == shop.Id && EF.Parameter(productIds).Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
            var shopSettings = settings.GetValueOrDefault(shop.Id) ?? EmailSettings.Defaults(shop.Id);
            foreach (var email in emails.Where(e => orders.TryGetValue(e.OrderRowId, out var o) && o.ShopId == shop.Id))
            {
                var order = orders[email.OrderRowId];
                var pending = email.Kind == ReviewEmailKind.Confirmation ? await ReviewConfirmations.PendingAsync(db, order, cancellationToken) : [];
                work[email.Id] = new ReviewEmailWork(email, order, shop, shopSettings, eligibility.IsExcluded(order.CustomerEmail), eligibility.Unreviewed(order),
                    products, pending);
            }
        }
        return work;
    }

    /// <summary>Why this email must not go out now (checked again at send time: an unsubscribe may have come in since it was scheduled), or null.</summary>
    public string? WhyNotSend()
    {
        if (Email.Kind == ReviewEmailKind.Confirmation)
        {
            return Shop.UninstalledAt is not null ? "The shop is uninstalled."
                : !Settings.Enabled ? "The shop has review emails turned off."
                : Order.Status == OrderStatus.Cancelled ? "The order is cancelled."
                : Excluded ? "The customer is excluded or unsubscribed."
                : Pending.Count == 0 ? "No storefront review of this order waits for confirmation."
                : null;
        }
        var kindFits = Email.Kind == ReviewEmailKind.Request
            ? Order.Status == OrderStatus.Scheduled
            : Order.Status is OrderStatus.Sent or OrderStatus.Opened;
        return Shop.UninstalledAt is not null ? "The shop is uninstalled."
            : !Settings.Enabled ? "The shop has review requests turned off."
            : !kindFits ? $"The order is {OrderStatus.Names.GetValueOrDefault(Order.Status, "unknown")}."
            : Order.CustomerEmail.Length == 0 ? "The order has no customer email."
            : Excluded ? "The customer is excluded or unsubscribed."
            : Unreviewed.Count == 0 ? "The customer has reviewed every product of the order."
            : null;
    }
}
