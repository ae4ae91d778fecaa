using Plaudit.Server.OpenApi;
using Plaudit.Server.Reviews;

namespace Plaudit.Server.Storefront;

public sealed record StorefrontPageJson(int Page, int PageSize, long Total, long TotalPage);
