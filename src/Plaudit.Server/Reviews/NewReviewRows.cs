using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Orders;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Reviews;

/// <summary>Turns a <see cref="NewReview"/> into the row to store, in the writer's transaction.</summary>
public static class NewReviewRows
{
    /// <summary>Loads (and tracks) the batch's existing products in one query per shop instead of one per review.</summary>
    public static async Task LoadProductsAsync(PlauditDbContext db, IEnumerable<(long ShopId, string? ProductId)> reviews, CancellationToken cancellationToken)
    {
        foreach (var shop in reviews.Where(r => r.ProductId is not null).GroupBy(r => r.ShopId))
        {
            var ids = shop.Select(r => r.ProductId!).Distinct().ToList();
            if (ids.Count > 1)
            {
                await db.Products.Where(p => p.ShopId == shop.Key && ids.Contains(p.Id)).LoadAsync(cancellationToken);
            }
        }
    }

    /// <summary>The row for a new review, its product created or updated first; the caller adds and saves it.</summary>
    public static async Task<Review> BuildAsync(PlauditDbContext db, long shopId, NewReview input, AuthorOrders orders, DateTime now, CancellationToken cancellationToken)
    {
        var product = input.ProductId is null ? null : await UpsertProductAsync(db, shopId, input.ProductId, input.Product, cancellationToken);
        // An explicit is_verified is the caller's word; otherwise an order of this email for the product proves the purchase.
        var purchase = input.IsVerified is null ? orders.Earliest(shopId, input.AuthorEmail, input.ProductId) : null;
        var review = new Review
        {
            ShopId = shopId,
            ProductId = input.ProductId,
            Product = product,
            Rating = input.Rating,
            Author = input.Author,
            AuthorEmail = input.AuthorEmail,
            AuthorPhone = input.AuthorPhone,
            AuthorCountry = input.AuthorCountry.ToUpperInvariant(),
            Title = input.Title,
            Content = input.Content,
            CommentedAt = input.CommentedAt ?? now,
            ItemType = input.ItemType ?? (input.ProductId is null ? "store" : "product"),
            OrderId = input.OrderId.Length > 0 ? input.OrderId : purchase?.OrderId ?? "",
            VariantId = input.VariantId,
            Source = input.Source,
            IsVerified = input.IsVerified ?? purchase is not null,
            IsFeatured = input.IsFeatured,
            IsPublished = input.IsPublished,
            IsTop = input.IsTop,
            Tag = input.Tag,
            Reply = input.Reply is null ? null : new ReviewReply
            {
                Id = ReviewStore.NewReplyId(),
                Content = input.Reply.Content,
                ReplyAt = input.Reply.ReplyAt ?? now,
            },
            CreatedAt = now,
            UpdatedAt = now,
        };
        review.SetMedia(input.Media);
        return review;
    }

    private static async Task<Product> UpsertProductAsync(PlauditDbContext db, long shopId, string productId, NewProduct? details, CancellationToken cancellationToken)
    {
        // Already tracked when the writer loaded its batch's products, or an earlier review of the batch made it.
        var product = db.Products.Local.FirstOrDefault(p => p.ShopId == shopId && p.Id == productId)
            ?? await db.Products.FirstOrDefaultAsync(p => p.ShopId == shopId && p.Id == productId, cancellationToken);
        if (product is null)
        {
            // Two first reviews of a product can arrive at once: the second must find the first's row, not fail on its key.
            await RawSql.ExecuteAsync(db, "INSERT INTO products (shop_id, id, title, handle, image_src, url, gtin, mpn, sku, brand) VALUES (@p0, @p1, '', '', '', '', '', '', '', '') ON CONFLICT (shop_id, id) DO NOTHING",
                [shopId, productId], cancellationToken);
            product = await db.Products.FirstAsync(p => p.ShopId == shopId && p.Id == productId, cancellationToken);
        }
        if (details is not null)
        {
            product.Title = details.Title ?? product.Title;
            product.Handle = details.Handle ?? product.Handle;
            product.ImageSrc = details.ImageSrc ?? product.ImageSrc;
            product.Url = details.Url ?? product.Url;
            product.Gtin = details.Gtin ?? product.Gtin;
            product.Mpn = details.Mpn ?? product.Mpn;
            product.Sku = details.Sku ?? product.Sku;
            product.Brand = details.Brand ?? product.Brand;
        }
        return product;
    }
}
