namespace Plaudit.Server.Storefront;

public sealed record StorefrontPageJson(int Page, int PageSize, long Total, long TotalPage);
