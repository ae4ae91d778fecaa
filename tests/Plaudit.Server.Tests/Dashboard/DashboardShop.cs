using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Dashboard;

/// <summary>A shop with a merchant and a few reviews made through the API, as the dashboard tests start from.</summary>
public static class DashboardShop
{
    public const string Api = "/api/v1/openapi/";
    public const string ImageHost = "https://images.example.com/";

    /// <summary>
    /// Eight reviews of two products: six published (5, 5, 4, 4, 3, 1 stars), two awaiting moderation;
    /// three verified, two with a photo, one with a reply, one whose text is an attempt at markup.
    /// </summary>
    public static async Task<TestMerchant> SeedAsync(PlauditServer server, string name = "Dashboard Shop")
    {
        var shop = await server.CreateShopAsync(name);
        var merchant = await server.CreateMerchantAsync(shop);
        var day = new DateTime(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc);
        object Review(string product, int rating, string author, string content, bool published = true, bool verified = false, string? photo = null) => new
        {
            product_id = product,
            product = new { id = product, title = product == "P1" ? "Walnut desk" : "Oak chair", url = $"https://shop.example.com/products/{product}" },
            rating, author, author_email = $"{author.ToLowerInvariant()}@example.com", title = $"{author}'s review", content,
            commented_at = day, is_published = published, is_verified = verified,
            media = photo is null ? Array.Empty<object>() : [new { url = ImageHost + photo, thumbnail_url = "", type = 1, is_published = true }],
        };
        object[] reviews =
        [
            Review("P1", 5, "Ana", "Solid and beautiful.", verified: true, photo: "ana.png"),
            Review("P1", 5, "Ben", "Exactly as pictured.", verified: true),
            Review("P1", 4, "Cy", "<img src=x onerror=\"window.__pwned=true\"> wobbly legs"),
            Review("P2", 4, "Dee", "Comfortable.", photo: "dee.png"),
            Review("P2", 3, "Eve", "Fine for the price."),
            Review("P2", 1, "Fay", "Broke in a week.", verified: true),
            Review("P1", 2, "Gus", "Awaiting a look.", published: false),
            Review("P2", 5, "Hal", "Also waiting.", published: false),
        ];
        foreach (var review in reviews)
        {
            (await shop.Client.PostAsync(Api + "create_review", review)).AssertOk();
        }
        return merchant;
    }
}
