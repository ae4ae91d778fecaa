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
    public static async Task<ReviewEmailWork?> LoadAsync(PlauditDbContext db, long emailId, CancellationToken cancellationToken)
    {
        var email = await db.ReviewEmails.AsNoTracking().FirstOrDefaultAsync(e => e.Id == emailId, cancellationToken);
        var order = email is null ? null : await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == email.OrderRowId, cancellationToken);
        if (email is null || order is null)
        {
            return null;
        }
        var shop = await db.Shops.AsNoTracking().SingleAsync(s => s.Id == order.ShopId, cancellationToken);
        var settings = await EmailSettingsStore.GetAsync(db, shop.Id, cancellationToken);
        var eligibility = await OrderEligibility.LoadAsync(db, shop.Id, [order], cancellationToken);
        var unreviewed = eligibility.Unreviewed(order);
        var ids = unreviewed.Select(l => l.ProductId).ToList();
        var products = await db.Products.AsNoTracking().Where(p => p.ShopId == shop.Id && ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var pending = email.Kind == ReviewEmailKind.Confirmation ? await ReviewConfirmations.PendingAsync(db, order, cancellationToken) : [];
        return new ReviewEmailWork(email, order, shop, settings, eligibility.IsExcluded(order.CustomerEmail), unreviewed, products, pending);
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
