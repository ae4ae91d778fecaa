namespace Plaudit.Server.Storefront;

/// <summary>The requested products' ratings, sorted by product id (ordinal); a product without reviews counts zero.</summary>
public sealed record StorefrontStarsJson(IReadOnlyList<StorefrontProductRatingJson> Products);
