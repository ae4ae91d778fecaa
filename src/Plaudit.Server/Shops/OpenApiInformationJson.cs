using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Merchants;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Shops;

public sealed record OpenApiInformationJson(string ShopId, string ShopName, string PublicToken);
