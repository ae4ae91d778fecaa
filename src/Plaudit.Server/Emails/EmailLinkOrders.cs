using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Orders;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Emails;

/// <summary>
/// Whether what an email link stands for still stands: its order exists in its shop, is not cancelled,
/// still belongs to the address the link was mailed to, and the shop is installed. The hosted form,
/// a storefront submission carrying the form's token, and a confirmation link all ask this one rule.
/// </summary>
public static class EmailLinkOrders
{
    /// <summary>The link's order, or null when the link no longer stands (one answer, however it failed).</summary>
    public static async Task<Order?> FindAsync(PlauditDbContext db, EmailLinkToken link, CancellationToken cancellationToken)
    {
        var order = await (from o in db.Orders.AsNoTracking()
                           join s in db.Shops.AsNoTracking() on o.ShopId equals s.Id
                           where o.Id == link.OrderRowId && o.ShopId == link.ShopId && s.UninstalledAt == null
                           select o).FirstOrDefaultAsync(cancellationToken);
        return order is null || order.Status == OrderStatus.Cancelled || !string.Equals(order.CustomerEmail, link.Email, StringComparison.OrdinalIgnoreCase)
            ? null
            : order;
    }
}
