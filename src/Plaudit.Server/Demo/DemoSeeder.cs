using Microsoft.EntityFrameworkCore;
using Plaudit.Server.CustomerEvents;
using Plaudit.Server.Merchants;
using Plaudit.Server.Platforms;
using Plaudit.Server.Orders;
using Plaudit.Server.Reviews;
using Plaudit.Server.Shops;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Demo;

/// <summary>
/// <c>serve --demo</c>: a shop with products, a few hundred reviews (mixed ratings, some with media
/// and replies), orders and customer events — created once, then only its tokens are printed again.
/// Seeded rows are an import, not live changes, so they write no outbox events.
/// </summary>
public sealed class DemoSeeder(PlauditDbContext db, ShopRegistry shops, ShopTokens tokens, PlatformRegistry platforms, TimeProvider clock)
{
    public const string ShopName = "Plaudit Demo Shop";
    public const string ShopDomain = "demo.plaudit.local";

    private static readonly string[] Authors = ["Ada L.", "Grace H.", "Linus T.", "Barbara L.", "Ken T.", "Margaret H.", "Dennis R.", "Radia P.", "Tim B.", "Frances A."];
    private static readonly string[] Countries = ["US", "GB", "DE", "FR", "CA", "AU", "NL", "SE", "JP", "BR"];
    private static readonly string[] Sources = ["email", "storefront", "admin", "import"];
    private static readonly string[] EventTypes = ["VIEW_REVIEW", "EXPAND_CONTENT", "CLICK_REVIEW", "SUBMIT_REVIEW", "CLICK_MEDIA"];
    private static readonly string[] Titles = ["Terrible", "Not great", "It's fine", "Really good", "Love it!"];

    public async Task<CreatedShop> SeedAsync(CancellationToken cancellationToken)
    {
        var existing = await db.Shops.AsNoTracking().FirstOrDefaultAsync(s => s.Name == ShopName && s.Domain == ShopDomain, cancellationToken);
        if (existing is not null)
        {
            return new CreatedShop(existing.Id, existing.Name, existing.Domain, existing.PublicToken, tokens.Unprotect(existing.ProtectedPrivateToken));
        }

        var shop = await shops.CreateAsync(ShopName, ShopDomain, cancellationToken);
        var random = new Random(42);
        var now = clock.GetUtcNow().UtcDateTime;
        var products = Enumerable.Range(1, 8).Select(i => new Product
        {
            ShopId = shop.ShopId,
            Id = (9228589138170 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Title = $"Demo Product {i}",
            Handle = $"demo-product-{i}",
            ImageSrc = $"https://{ShopDomain}/images/product-{i}.jpg",
            Url = $"https://{ShopDomain}/products/demo-product-{i}",
        }).ToList();
        db.Products.AddRange(products);

        var orders = Enumerable.Range(1, 120).Select(i =>
        {
            var product = products[random.Next(products.Count)];
            var orderedAt = now.AddDays(-random.Next(1, 120)).AddMinutes(-random.Next(1440));
            return new Order
            {
                ShopId = shop.ShopId,
                OrderId = (5500000000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                OrderNumber = $"#{1000 + i}",
                CustomerName = Authors[i % Authors.Length],
                CustomerEmail = $"customer{i}@example.com",
                Status = 1 + random.Next(6),
                Lines = [new OrderLine(product.Id, (product.Id + "01"), product.Title, 1 + random.Next(3))],
                OrderedAt = orderedAt,
                SentAt = orderedAt.AddDays(7) < now ? orderedAt.AddDays(7) : null,
                CreatedAt = orderedAt,
                UpdatedAt = orderedAt,
            };
        }).ToList();
        db.Orders.AddRange(orders);

        var reviews = new List<Review>();
        for (var i = 0; i < 300; i++)
        {
            var product = products[random.Next(products.Count)];
            var rating = random.Next(10) switch { 0 => 1, 1 => 2, 2 => 3, < 6 => 4, _ => 5 };
            var createdAt = now.AddDays(-random.Next(365)).AddMinutes(-random.Next(1440));
            var order = random.Next(3) == 0 ? orders[random.Next(orders.Count)] : null;
            var review = new Review
            {
                ShopId = shop.ShopId,
                ProductId = product.Id,
                Rating = rating,
                Author = Authors[random.Next(Authors.Length)],
                AuthorEmail = order?.CustomerEmail ?? $"reviewer{i}@example.com",
                AuthorCountry = Countries[random.Next(Countries.Length)],
                Title = Titles[rating - 1],
                Content = $"Demo review #{i + 1}: {Titles[rating - 1].ToLowerInvariant()} — {product.Title} after {1 + random.Next(12)} weeks.",
                CommentedAt = createdAt,
                ItemType = "product",
                OrderId = order?.OrderId ?? "",
                Source = Sources[random.Next(Sources.Length)],
                IsVerified = order is not null,
                IsFeatured = random.Next(10) == 0,
                IsPublished = random.Next(10) != 0,
                IsTop = random.Next(25) == 0,
                Reply = random.Next(5) == 0 ? new ReviewReply { Id = $"reply_demo{i}", Content = "Thank you for your review!", ReplyAt = createdAt.AddDays(1) } : null,
                CreatedAt = createdAt,
                UpdatedAt = createdAt,
            };
            if (random.Next(4) == 0)
            {
                var photo = DemoPhotos.DataUrls[random.Next(DemoPhotos.DataUrls.Length)];
                review.SetMedia(random.Next(3) == 0
                    ? [new ReviewMedia($"https://{ShopDomain}/media/video{i}.mp4", photo, ReviewMedia.Video, true)]
                    : [new ReviewMedia(photo, photo, ReviewMedia.Image, true)]);
            }
            db.Reviews.Add(review);
            reviews.Add(review);
        }

        for (var i = 0; i < 200; i++)
        {
            db.CustomerEvents.Add(new CustomerEvent
            {
                ShopId = shop.ShopId,
                ClientId = $"cli_demo{random.Next(40)}",
                EventType = EventTypes[random.Next(EventTypes.Length)],
                EventSource = "STOREFRONT",
                DeviceType = random.Next(2) == 0 ? "Mobile" : "Desktop",
                OsType = random.Next(2) == 0 ? "IOS" : "WINDOWS",
                PageUrl = products[random.Next(products.Count)].Url,
                Properties = "{}",
                CreatedAt = now.AddMinutes(-random.Next(60 * 24 * 30)),
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        await EnsurePlatformAsync(cancellationToken);
        DemoActivity.Add(db, shop.ShopId, reviews, orders, now, random);
        await db.SaveChangesAsync(cancellationToken);
        return shop;
    }

    public const string MerchantEmail = "merchant@demo.plaudit.local";

    /// <summary>The demo shop's merchant (no password: <c>serve --demo</c> prints a one-time sign-in link at every start).</summary>
    public async Task<long> EnsureMerchantAsync(long shopId, CancellationToken cancellationToken)
    {
        var merchant = await db.Merchants.FirstOrDefaultAsync(m => m.Email == MerchantEmail, cancellationToken);
        if (merchant is null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            merchant = new Merchant { ShopId = shopId, Email = MerchantEmail, CreatedAt = now, UpdatedAt = now };
            db.Merchants.Add(merchant);
            await db.SaveChangesAsync(cancellationToken);
        }
        return merchant.Id;
    }

    /// <summary>The platform the demo shop has authorized (its grant is part of <see cref="DemoActivity"/>).</summary>
    private async Task EnsurePlatformAsync(CancellationToken cancellationToken)
    {
        if (!await db.Platforms.AnyAsync(p => p.ClientId == DemoActivity.PlatformClientId, cancellationToken))
        {
            await platforms.CreateAsync("Insta Feed (demo)", DemoActivity.PlatformClientId, ["https://insta-feed.example.com/oauth/callback"],
                "https://insta-feed.example.com/plaudit/system", Scopes.All, isPublic: false, cancellationToken);
        }
    }
}
