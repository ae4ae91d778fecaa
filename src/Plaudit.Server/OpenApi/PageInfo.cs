namespace Plaudit.Server.OpenApi;

public sealed record PageInfo(int Page, int PageSize, long Total, int TotalPage);
