using Plaudit.Server.OpenApi;
using Plaudit.Server.Reviews;

namespace Plaudit.Server.Storefront;

public sealed record StorefrontMediaJson(string Url, string ThumbnailUrl, int Type);
