using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Storefront;

/// <summary>The widget list's query (besides <c>public_token</c>, which names the shop).</summary>
public sealed record StorefrontListQuery(
    [property: MaxLength(64), Description("One product's reviews; omit (or 0) for the whole shop.")] string? ProductId,
    [property: Range(1, 100_000)] int? Page,
    [property: Range(1, 50), Description("Reviews per page, 1-50 (default 10).")] int? PageSize,
    [property: AllowedValues("newest", "oldest", "highest", "lowest"), Description("newest (default), oldest, highest or lowest; pinned reviews come first.")] string? Sort,
    [property: Range(1, 5), Description("Only reviews of this many stars (the histogram's filter); page.total is that star's count.")] int? Rating)
    : IQueryInput<StorefrontListQuery>
{
    public string SortOrDefault => Sort ?? "newest";
}
