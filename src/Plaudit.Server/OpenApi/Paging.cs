using Microsoft.EntityFrameworkCore;

namespace Plaudit.Server.OpenApi;

/// <summary>The page a list call asks for: <c>page</c> (from 1, default 1), <c>page_size</c> (1–100, default 20).</summary>
public sealed record PageRequest(int Page, int PageSize)
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 20;

    public int Skip => (Page - 1) * PageSize;

    public static PageRequest Read(QueryFields query) =>
        new(query.Int("page", min: 1, max: 1_000_000) ?? 1, query.Int("page_size", min: 1, max: MaxPageSize) ?? DefaultPageSize);
}

/// <summary>Every list endpoint's <c>data</c>: the items under <c>list</c>, the position under <c>page</c>.</summary>
public sealed record Paged<T>(IReadOnlyList<T> List, PageInfo Page);

public sealed record PageInfo(int Page, int PageSize, long Total, int TotalPage);

public static class Paging
{
    /// <summary>Counts the filtered query, then reads one page of it (the query must already be ordered).</summary>
    public static async Task<Paged<TOut>> ToPagedAsync<TEntity, TOut>(
        this IQueryable<TEntity> ordered, PageRequest request, Func<TEntity, TOut> toWire, CancellationToken cancellationToken)
    {
        var total = await ordered.LongCountAsync(cancellationToken);
        var items = total <= request.Skip
            ? []
            : await ordered.Skip(request.Skip).Take(request.PageSize).ToListAsync(cancellationToken);
        var totalPage = (int)((total + request.PageSize - 1) / request.PageSize);
        return new Paged<TOut>(items.Select(toWire).ToList(), new PageInfo(request.Page, request.PageSize, total, totalPage));
    }
}
