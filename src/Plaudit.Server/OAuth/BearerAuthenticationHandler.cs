using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Platforms;
using Plaudit.Server.Storage;

namespace Plaudit.Server.OAuth;

/// <summary>
/// The bearer path of the spec's auto-detection rule. OpenIddict checks the token (unknown, expired
/// or revoked → code 16); then the shop's grant is read on every request, so a disconnect or a
/// cancelled authorization answers code 7 at once, and the token's scopes are cut to what the
/// grant still holds.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PlauditDbContext db,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = await Context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (!token.Succeeded || PlauditClaims.Read(token.Principal) is not var (shopId, platform, generation))
        {
            return Fail(ApiCode.Unauthenticated, "The access token is invalid, expired or revoked; refresh it or authorize again.");
        }

        var grant = await db.PlatformGrants.AsNoTracking()
            .Where(g => g.ShopId == shopId && g.PlatformClientId == platform)
            .Join(db.Shops, g => g.ShopId, s => s.Id, (g, s) => new { g.Id, g.Scopes, g.Generation, g.RevokedAt, g.LastUsedAt, s.DataVersion })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (grant is null || grant.RevokedAt is not null)
        {
            return Fail(ApiCode.PermissionDenied, "The shop has not authorized this platform, or has revoked its authorization; ask the merchant to authorize again.");
        }
        if (grant.Generation != generation)
        {
            return Fail(ApiCode.Unauthenticated, "The access token belongs to an earlier, revoked authorization.");
        }

        await RecordUseAsync(grant.Id, grant.LastUsedAt);

        var granted = grant.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var scopes = token.Principal.GetScopes().Where(granted.Contains);
        var identity = new ClaimsIdentity(
            [
                new Claim(ApiCaller.ShopIdClaim, shopId.ToString(CultureInfo.InvariantCulture)),
                new Claim(ApiCaller.PlatformClaim, platform),
                new Claim(ApiCaller.ScopeClaim, string.Join(' ', scopes)),
                new Claim(ApiCaller.DataVersionClaim, grant.DataVersion.ToString(CultureInfo.InvariantCulture)),
            ],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    /// <summary>The merchant's integrations page shows when each platform last called; recorded at most every few minutes.</summary>
    private async Task RecordUseAsync(long grantId, DateTime? lastUsedAt)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - PlatformGrant.LastUsedPrecision;
        if (lastUsedAt is null || lastUsedAt < stale)
        {
            await db.PlatformGrants.Where(g => g.Id == grantId && (g.LastUsedAt == null || g.LastUsedAt < stale))
                .ExecuteUpdateAsync(set => set.SetProperty(g => g.LastUsedAt, now), Context.RequestAborted);
        }
    }

    private static AuthenticateResult Fail(ApiCode code, string detail) =>
        AuthenticateResult.Fail(new ApiAuthenticationException(ApiError.Create(code, detail)));
}
