using Plaudit.Server.Emails;

namespace Plaudit.Server.Shops;

public sealed record ShopSettingsJson(string ShopId, string Name, string? Domain, int AutoPublishReviews, EmailSettingsJson Emails);
