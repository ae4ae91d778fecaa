using Plaudit.Server.Reviews;

namespace Plaudit.Server.Storefront;

public sealed record StorefrontReviewListJson(string? ProductId, RatingJson Rating, IReadOnlyList<StorefrontReviewJson> Reviews, StorefrontPageJson Page);
