using System.Text;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;
using Plaudit.Server.Webhooks.Subscriptions;
using static OpenIddict.Abstractions.OpenIddictConstants;
using Scopes = Plaudit.Server.Platforms.Scopes;

namespace Plaudit.Server.Platforms;

/// <summary>What <c>platforms list</c> prints: everything but the secret.</summary>
public sealed record PlatformSummary(
    string ClientId, string Name, string ClientType, IReadOnlyList<string> RedirectUris, string WebhookUrl,
    IReadOnlyList<string> Scopes, int AuthorizedShops, DateTime CreatedAt);
