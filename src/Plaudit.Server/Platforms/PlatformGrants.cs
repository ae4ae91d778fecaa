using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Plaudit.Server.Platforms;

/// <summary>
/// Starts and ends a shop's authorization of a platform, with the system webhook of each change
/// written in the same transaction (so it is delivered at least once).
/// </summary>
public sealed class PlatformGrants(
    PlauditDbContext db, OutboxWriter outbox, DeliveryTransitions deliveries, IOpenIddictApplicationManager applications, IOpenIddictTokenManager tokens, TimeProvider clock)
{
    public const string ByDisconnect = "oauth/disconnect";
    public const string ByCancelAuthorization = "cancel_authorization";
    public const string ByUninstall = "app/uninstalled";

    /// <summary>The merchant approved: records (or renews) the grant and announces app/authorized.</summary>
    public async Task<PlatformGrant> AuthorizeAsync(long shopId, string clientId, IEnumerable<string> scopes, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var grant = await db.PlatformGrants.SingleOrDefaultAsync(g => g.ShopId == shopId && g.PlatformClientId == clientId, cancellationToken);
        if (grant is null)
        {
            grant = new PlatformGrant { ShopId = shopId, PlatformClientId = clientId, Scopes = "", GrantedAt = now };
            db.PlatformGrants.Add(grant);
        }
        else if (!grant.IsActive)
        {
            grant.Generation++;
            grant.GrantedAt = now;
            grant.RevokedAt = null;
            grant.RevokedBy = null;
        }
        grant.Scopes = string.Join(' ', scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        grant.UpdatedAt = now;
        var shop = await db.Shops.SingleAsync(s => s.Id == shopId, cancellationToken);
        shop.UninstalledAt = null;
        outbox.AddSystem(shopId, clientId, Topics.AppAuthorized);
        await db.SaveChangesAsync(cancellationToken);
        return grant;
    }

    /// <summary>
    /// Ends a platform's grant for a shop: bearer calls get code 7 from the next request on, refresh
    /// tokens and codes are revoked, pending deliveries to the platform's webhooks for the shop are
    /// failed, and the platform is told with <paramref name="topic"/>. False if there was no active grant.
    /// </summary>
    public async Task<bool> RevokeAsync(long shopId, string clientId, string revokedBy, string topic, CancellationToken cancellationToken)
    {
        var grant = await db.PlatformGrants.SingleOrDefaultAsync(g => g.ShopId == shopId && g.PlatformClientId == clientId && g.RevokedAt == null, cancellationToken);
        if (grant is null)
        {
            return false;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await deliveries.FailForRevokedGrantAsync(shopId, clientId, now, async ct =>
        {
            grant.RevokedAt = now;
            grant.RevokedBy = revokedBy;
            grant.UpdatedAt = now;
            outbox.AddSystem(shopId, clientId, topic);
            await db.SaveChangesAsync(ct);
        }, cancellationToken);
        await RevokeTokensAsync(shopId, clientId, cancellationToken);
        return true;
    }

    /// <summary><c>plaudit shops uninstall</c>: revokes every grant, telling each platform app/uninstalled.</summary>
    public async Task<IReadOnlyList<string>> UninstallAsync(long shopId, CancellationToken cancellationToken)
    {
        var shop = await db.Shops.SingleOrDefaultAsync(s => s.Id == shopId, cancellationToken)
            ?? throw new PlatformException($"No shop with id {shopId}.");
        var platforms = await db.PlatformGrants.Where(g => g.ShopId == shopId && g.RevokedAt == null)
            .Select(g => g.PlatformClientId).ToListAsync(cancellationToken);
        foreach (var platform in platforms)
        {
            await RevokeAsync(shopId, platform, ByUninstall, Topics.AppUninstalled, cancellationToken);
        }
        shop.UninstalledAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return platforms;
    }

    /// <summary>
    /// Refresh tokens and unused codes die now. Access tokens are left to expire (at most an hour):
    /// the grant check already refuses them with code 7, the spec's answer for a revoked grant.
    /// </summary>
    private async Task RevokeTokensAsync(long shopId, string clientId, CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is not { } application
            || await applications.GetIdAsync(application, cancellationToken) is not { } applicationId)
        {
            return;
        }
        var subject = ShopSubject.For(shopId);
        await tokens.RevokeAsync(subject, applicationId, status: null, type: TokenTypeIdentifiers.RefreshToken, cancellationToken);
        await tokens.RevokeAsync(subject, applicationId, status: null, type: TokenTypeIdentifiers.Private.AuthorizationCode, cancellationToken);
    }
}
