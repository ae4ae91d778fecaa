using Plaudit.Server.Reviews;
using Plaudit.Server.Storage;

namespace Plaudit.Bench;

/// <summary>Fills one shop with reviews spread over products, in batches so memory stays flat.</summary>
public static class ReviewSeeder
{
    public static async Task SeedAsync(PlauditDbContext db, long shopId, int reviews, int products)
    {
        var random = new Random(7);
        var start = DateTime.UtcNow.AddYears(-2);
        for (var p = 0; p < products; p++)
        {
            db.Products.Add(new Product { ShopId = shopId, Id = ProductId(p), Title = $"Product {p}", Handle = $"product-{p}", Url = $"https://shop.example.com/products/product-{p}" });
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        const int batch = 5_000;
        for (var done = 0; done < reviews; done += batch)
        {
            for (var i = done; i < Math.Min(reviews, done + batch); i++)
            {
                var at = start.AddMinutes(i * 10);
                var review = new Review
                {
                    ShopId = shopId,
                    ProductId = ProductId(random.Next(products)),
                    Rating = 1 + random.Next(5),
                    Author = $"Reviewer {i}",
                    AuthorEmail = $"reviewer{i}@example.com",
                    AuthorCountry = "US",
                    Title = "A review title",
                    Content = "A review body of a realistic length: it fits, it washes well, the colour is as pictured and delivery was quick.",
                    CommentedAt = at,
                    Source = "email",
                    IsPublished = random.Next(10) != 0,
                    IsVerified = random.Next(2) == 0,
                    CreatedAt = at,
                    UpdatedAt = at,
                };
                if (i % 5 == 0)
                {
                    review.SetMedia([new ReviewMedia($"https://cdn.example.com/{i}.jpg", $"https://cdn.example.com/{i}_t.jpg", ReviewMedia.Image, true)]);
                }
                if (i % 7 == 0)
                {
                    review.Reply = new ReviewReply { Id = $"r{i}", Content = "Thank you for the kind words; we are glad it fits!", ReplyAt = at.AddDays(1) };
                }
                db.Reviews.Add(review);
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }

    public static string ProductId(int index) => (9228589138176L + index).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
