namespace Plaudit.Server.Storefront;

/// <summary>The requested products' ratings, in the order of their ids; a product without reviews counts zero.</summary>
public sealed record StorefrontStarsJson(IReadOnlyList<StorefrontProductRatingJson> Products);
