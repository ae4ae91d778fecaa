using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.OpenApi;

/// <summary>The page a list call asks for: <c>page</c> (from 1, default 1), <c>page_size</c> (1–100, default 20).</summary>
public sealed record PageRequest(
    [property: Range(1, 1_000_000), Description("Page number, from 1 (default 1).")] int Page = 1,
    [property: Range(1, PageRequest.MaxPageSize), Description("Items per page, 1–100 (default 20).")] int PageSize = PageRequest.DefaultPageSize)
    : IQueryInput<PageRequest>
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 20;

    public int Skip => (Page - 1) * PageSize;

    /// <summary>For the endpoints that still read their query by hand (<see cref="QueryFields"/>).</summary>
    public static PageRequest Read(QueryFields query) =>
        new(query.Int("page", min: 1, max: 1_000_000) ?? 1, query.Int("page_size", min: 1, max: MaxPageSize) ?? DefaultPageSize);
}
