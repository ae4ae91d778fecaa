namespace Plaudit.Server.Shops;

public sealed record UpdateShopSettingsRequest(string? Domain, int? AutoPublishReviews);
