using Plaudit.Server.OpenApi;
using Plaudit.Server.Reviews;

namespace Plaudit.Server.Storefront;

public sealed record StorefrontReplyJson(string Content, string ReplyAt);
