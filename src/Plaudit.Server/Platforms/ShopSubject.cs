using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Plaudit.Server.Platforms;

/// <summary>The OAuth subject of a grant is the shop (a merchant acts for it).</summary>
public static class ShopSubject
{
    public static string For(long shopId) => shopId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
