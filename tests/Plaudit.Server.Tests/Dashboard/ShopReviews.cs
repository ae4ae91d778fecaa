using System.Text.Json;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Dashboard;

/// <summary>What the API says about a shop's reviews, to check what the dashboard changed.</summary>
public static class ShopReviews
{
    /// <summary>Every review of the shop (up to 100) by its author; the seeded authors are all different.</summary>
    public static async Task<Dictionary<string, JsonElement>> ByAuthorAsync(TestShop shop, params KeyValuePair<string, string>[] filter)
    {
        var list = (await shop.Client.GetAsync(DashboardShop.Api + "get_reviews", [new("page_size", "100"), .. filter])).AssertOk().GetProperty("list");
        return list.EnumerateArray().ToDictionary(r => r.GetProperty("author").GetString()!, r => r.Clone());
    }

    public static string Id(this JsonElement review) => review.GetProperty("id").GetString()!;

    public static bool Bit(this JsonElement review, string name) => review.GetProperty(name).GetInt32() == 1;
}
