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
