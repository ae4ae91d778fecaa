namespace Plaudit.Server.Shops;

/// <summary><c>emails</c>: the review-request settings to change (any of the fields get_shop_settings shows; see docs/emails.md).</summary>
public sealed record UpdateShopSettingsRequest(string? Domain, int? AutoPublishReviews, UpdateEmailSettingsRequest? Emails);
