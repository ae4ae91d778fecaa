using System.Text;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;
using Plaudit.Server.Webhooks.Subscriptions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Plaudit.Server.Platforms;

/// <summary>
/// Registers platforms: the OpenIddict client (redirect URIs, hashed secret, permissions, PKCE for
/// public clients), Plaudit's own row (encrypted secret, webhook_url) and the platform's system
/// webhook subscription, in one transaction.
/// </summary>
public sealed class PlatformRegistry(PlauditDbContext db, IOpenIddictApplicationManager applications, PlatformSecrets secrets, TimeProvider clock)
{
    public async Task<PlatformCredentials> CreateAsync(
        string name, string? clientId, IReadOnlyList<string> redirectUris, string webhookUrl, IReadOnlyList<string>? scopes, bool isPublic,
        CancellationToken cancellationToken)
    {
        name = name.Trim();
        clientId = string.IsNullOrWhiteSpace(clientId) ? Slug(name) : clientId.Trim();
        var allowed = scopes is null || scopes.Count == 0 ? [.. Scopes.All] : scopes.SelectMany(s => s.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
        Validate(name, clientId, redirectUris, webhookUrl, allowed);
        if (await db.Platforms.AnyAsync(p => p.ClientId == clientId, cancellationToken) || await applications.FindByClientIdAsync(clientId, cancellationToken) is not null)
        {
            throw new PlatformException($"A platform with client_id '{clientId}' already exists; pass --client-id to choose another.");
        }

        var secret = PlatformSecrets.NewSecret();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = isPublic ? null : secret,
            ClientType = isPublic ? ClientTypes.Public : ClientTypes.Confidential,
            ConsentType = ConsentTypes.Explicit,
            DisplayName = name,
        };
        foreach (var uri in redirectUris)
        {
            descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        }
        descriptor.Permissions.UnionWith(
        [
            Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
            .. allowed.Select(s => Permissions.Prefixes.Scope + s),
        ]);
        if (isPublic)
        {
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await applications.CreateAsync(descriptor, cancellationToken);
        db.Platforms.Add(new Platform
        {
            ClientId = clientId,
            Name = name,
            WebhookUrl = webhookUrl,
            ProtectedClientSecret = secrets.Protect(secret),
            IsPublicClient = isPublic,
            Scopes = string.Join(' ', allowed),
            CreatedAt = now,
            UpdatedAt = now,
        });
        db.WebhookSubscriptions.Add(new WebhookSubscription
        {
            ShopId = null,
            PlatformClientId = clientId,
            Shape = WebhookShape.System,
            Topics = string.Join(',', Topics.System),
            Url = webhookUrl,
            CreatedAt = now,
            UpdatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PlatformCredentials(clientId, secret, name, descriptor.ClientType, redirectUris, webhookUrl, allowed, now);
    }

    public async Task<List<PlatformSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var platforms = await db.Platforms.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var shopCounts = await db.PlatformGrants.Where(g => g.RevokedAt == null)
            .GroupBy(g => g.PlatformClientId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var result = new List<PlatformSummary>();
        foreach (var platform in platforms)
        {
            var application = await applications.FindByClientIdAsync(platform.ClientId, cancellationToken);
            var redirects = application is null ? [] : (await applications.GetRedirectUrisAsync(application, cancellationToken)).ToList();
            result.Add(new PlatformSummary(platform.ClientId, platform.Name, platform.IsPublicClient ? ClientTypes.Public : ClientTypes.Confidential,
                redirects, platform.WebhookUrl, platform.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
                shopCounts.GetValueOrDefault(platform.ClientId), platform.CreatedAt));
        }
        return result;
    }

    /// <summary>A new secret, effective at once: the old one no longer authenticates or signs.</summary>
    public async Task<PlatformCredentials> RotateSecretAsync(string clientId, CancellationToken cancellationToken)
    {
        var platform = await db.Platforms.SingleOrDefaultAsync(p => p.ClientId == clientId, cancellationToken)
            ?? throw new PlatformException($"No platform with client_id '{clientId}'.");
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken)
            ?? throw new PlatformException($"The OAuth client '{clientId}' is missing.");
        var secret = PlatformSecrets.NewSecret();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!platform.IsPublicClient)
        {
            var descriptor = new OpenIddictApplicationDescriptor();
            await applications.PopulateAsync(descriptor, application, cancellationToken);
            descriptor.ClientSecret = secret;
            await applications.UpdateAsync(application, descriptor, cancellationToken);
        }
        platform.ProtectedClientSecret = secrets.Protect(secret);
        platform.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var summary = (await ListAsync(cancellationToken)).Single(p => p.ClientId == clientId);
        return new PlatformCredentials(clientId, secret, summary.Name, summary.ClientType, summary.RedirectUris, summary.WebhookUrl, summary.Scopes, summary.CreatedAt);
    }

    private static void Validate(string name, string clientId, IReadOnlyList<string> redirectUris, string webhookUrl, IReadOnlyList<string> scopes)
    {
        if (name.Length is 0 or > 200)
        {
            throw new PlatformException("--name must be 1 to 200 characters.");
        }
        if (clientId.Length is 0 or > 100 || !clientId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new PlatformException("The client_id must be 1 to 100 characters of letters, digits, '-', '_' or '.'.");
        }
        if (redirectUris.Count == 0)
        {
            throw new PlatformException("At least one --redirect-uri is required.");
        }
        foreach (var uri in redirectUris)
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !string.IsNullOrEmpty(parsed.Fragment))
            {
                throw new PlatformException($"--redirect-uri '{uri}' must be an absolute URI without a fragment.");
            }
        }
        if (!SubscriptionRules.IsUrl(webhookUrl))
        {
            throw new PlatformException("--webhook-url must be an absolute http(s) URL of at most 2048 characters.");
        }
        if (scopes.FirstOrDefault(s => !Scopes.All.Contains(s, StringComparer.Ordinal)) is { } unknown)
        {
            throw new PlatformException($"Unknown scope '{unknown}'; valid scopes: {string.Join(", ", Scopes.All)}.");
        }
    }

    /// <summary>"Insta Feed!" → "insta-feed".</summary>
    public static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var result = slug.ToString().Trim('-');
        return result.Length == 0 ? "platform" : result;
    }
}
