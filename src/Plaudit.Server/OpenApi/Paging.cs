using Microsoft.EntityFrameworkCore;

namespace Plaudit.Server.OpenApi;

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
