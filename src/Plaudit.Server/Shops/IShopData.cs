namespace Plaudit.Server.Shops;

/// <summary>
/// Data that belongs to one shop. Saving a change to any of it advances the shop's
/// <see cref="Shop.DataVersion"/> in the same transaction (see <c>PlauditDbContext.SaveChangesAsync</c>),
/// which is what keys the read cache.
/// </summary>
public interface IShopData
{
    long ShopId { get; }
}
