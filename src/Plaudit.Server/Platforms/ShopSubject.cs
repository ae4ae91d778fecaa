namespace Plaudit.Server.Platforms;

/// <summary>The OAuth subject of a grant is the shop (a merchant acts for it).</summary>
public static class ShopSubject
{
    public static string For(long shopId) => shopId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
