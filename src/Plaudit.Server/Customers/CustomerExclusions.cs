using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Customers;

public sealed class CustomerExclusions(PlauditDbContext db, TimeProvider clock)
{
    /// <summary>Adds the email to the shop's exclusion list; returns the existing row when it is already there.</summary>
    public async Task<(CustomerExclusion Exclusion, bool Created)> AddAsync(long shopId, string email, string source, CancellationToken cancellationToken)
    {
        var normalized = CustomerEndpoints.NormalizeEmail(email);
        var existing = await db.CustomerExclusions.AsNoTracking()
            .FirstOrDefaultAsync(e => e.ShopId == shopId && e.Email == normalized, cancellationToken);
        if (existing is not null)
        {
            return (existing, false);
        }
        var exclusion = new CustomerExclusion
        {
            ShopId = shopId,
            Email = normalized,
            Source = source,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.CustomerExclusions.Add(exclusion);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (exclusion, true);
        }
        catch (DbUpdateException)
        {
            // A concurrent request added it first; the unique index kept one row.
            db.ChangeTracker.Clear();
            var winner = await db.CustomerExclusions.AsNoTracking()
                .FirstAsync(e => e.ShopId == shopId && e.Email == normalized, cancellationToken);
            return (winner, false);
        }
    }

    /// <summary>Removes one of the shop's exclusions; null when the shop has no such row.</summary>
    public async Task<CustomerExclusion?> RemoveAsync(long shopId, long id, CancellationToken cancellationToken)
    {
        var exclusion = await db.CustomerExclusions.FirstOrDefaultAsync(e => e.ShopId == shopId && e.Id == id, cancellationToken);
        if (exclusion is not null)
        {
            db.CustomerExclusions.Remove(exclusion);
            await db.SaveChangesAsync(cancellationToken);
        }
        return exclusion;
    }
}
