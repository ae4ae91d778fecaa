using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Plaudit.Server.Reviews;

/// <summary>The rating of a set of published reviews: average to 2 decimals, total, and a count per star.</summary>
public static class RatingSummary
{
    public static async Task<RatingJson> ComputeAsync(IQueryable<Review> published, CancellationToken cancellationToken)
    {
        var counts = await published.GroupBy(r => r.Rating)
            .Select(g => new { Rating = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Rating, x => x.Count, cancellationToken);
        int Count(int star) => counts.GetValueOrDefault(star);
        var total = counts.Values.Sum();
        var sum = counts.Sum(c => (long)c.Key * c.Value);
        var average = total == 0 ? 0m : Math.Round((decimal)sum / total, 2, MidpointRounding.AwayFromZero);
        return new RatingJson(average.ToString("0.##", CultureInfo.InvariantCulture), total, Count(1), Count(2), Count(3), Count(4), Count(5));
    }
}
