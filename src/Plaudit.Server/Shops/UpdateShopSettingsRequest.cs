using Microsoft.EntityFrameworkCore;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Shops;

public sealed record UpdateShopSettingsRequest(string? Domain, int? AutoPublishReviews);
