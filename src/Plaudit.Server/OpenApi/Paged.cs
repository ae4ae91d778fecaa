namespace Plaudit.Server.OpenApi;

/// <summary>Every list endpoint's <c>data</c>: the items under <c>list</c>, the position under <c>page</c>.</summary>
public sealed record Paged<T>(IReadOnlyList<T> List, PageInfo Page);
