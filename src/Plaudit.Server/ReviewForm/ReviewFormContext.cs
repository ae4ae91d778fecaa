using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Emails;
using Plaudit.Server.Orders;
using Plaudit.Server.Reviews;
using Plaudit.Server.Shops;
using Plaudit.Server.Storage;

namespace Plaudit.Server.ReviewForm;

/// <summary>
/// Everything a review link stands for, checked: the token is one this server made for the form and
/// has not expired, its order still stands (<see cref="EmailLinkOrders"/>), and its products are the order's. Anything else is "not a valid link", however it failed.
/// </summary>
public sealed record ReviewFormContext(string Token, Shop Shop, EmailSettings Settings, Order Order, IReadOnlyList<FormProduct> Products)
{
    public static async Task<ReviewFormContext?> LoadAsync(PlauditDbContext db, EmailLinks links, string token, CancellationToken cancellationToken)
    {
        if (links.Read(token, EmailLinkPurpose.ReviewForm) is not { } link)
        {
            return null;
        }
        if (await EmailLinkOrders.FindAsync(db, link, cancellationToken) is not { } order)
        {
            return null;
        }
        var shop = await db.Shops.AsNoTracking().SingleAsync(s => s.Id == order.ShopId, cancellationToken);
        var lines = order.Lines.Where(l => link.ProductIds.Contains(l.ProductId)).DistinctBy(l => l.ProductId).ToList();
        var ids = lines.Select(l => l.ProductId).ToList();
        var products = await db.Products.AsNoTracking().Where(p => p.ShopId == shop.Id && ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var submitted = await (from claim in db.OrderReviews.AsNoTracking()
                               where claim.OrderRowId == order.Id
                               join review in db.Reviews.AsNoTracking() on claim.ReviewId equals review.Id into reviews
                               from review in reviews.DefaultIfEmpty()
                               select new { claim.ProductId, Review = review })
            .ToDictionaryAsync(s => s.ProductId, s => s.Review, cancellationToken);
        var formProducts = lines.Select(line =>
        {
            var product = products.GetValueOrDefault(line.ProductId);
            var title = !string.IsNullOrWhiteSpace(product?.Title) ? product.Title : line.Title.Length > 0 ? line.Title : "Your purchase";
            return new FormProduct(line.ProductId, title, product?.ImageSrc ?? "", product is not null, submitted.ContainsKey(line.ProductId), submitted.GetValueOrDefault(line.ProductId));
        }).ToList();
        return new ReviewFormContext(token, shop, await EmailSettingsStore.GetAsync(db, shop.Id, cancellationToken), order, formProducts);
    }

    public FormProduct? Product(string? id) => Products.FirstOrDefault(p => p.Id == id);
}
