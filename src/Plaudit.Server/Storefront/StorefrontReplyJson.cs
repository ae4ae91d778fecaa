namespace Plaudit.Server.Storefront;

public sealed record StorefrontReplyJson(string Content, string ReplyAt);
