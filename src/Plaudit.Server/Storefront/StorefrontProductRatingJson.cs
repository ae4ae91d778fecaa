using Plaudit.Server.Reviews;

namespace Plaudit.Server.Storefront;

public sealed record StorefrontProductRatingJson(string ProductId, RatingJson Rating);
