namespace Plaudit.Server.Platforms;

/// <summary>
/// A third-party platform that integrates through OAuth. Its OAuth client (redirect URIs, the hashed
/// client secret) lives in OpenIddict's application store under the same <see cref="ClientId"/>;
/// this row keeps what Plaudit itself needs: the name, where system webhooks go, and the secret that
/// signs them.
/// </summary>
public sealed class Platform
{
    public long Id { get; set; }

    /// <summary>The OAuth client_id, also the <c>platform</c> field of system webhooks (e.g. <c>instafeed</c>).</summary>
    public required string ClientId { get; set; }

    public required string Name { get; set; }

    /// <summary>Where system webhooks (app/authorized, integration/disconnected, app/uninstalled) are sent.</summary>
    public required string WebhookUrl { get; set; }

    /// <summary>The client secret, encrypted with Data Protection: it signs webhooks, so it cannot be only hashed.</summary>
    public required string ProtectedClientSecret { get; set; }

    /// <summary>A public client (no secret at the token endpoint) must use PKCE with S256.</summary>
    public bool IsPublicClient { get; set; }

    /// <summary>Space-separated scopes the platform may ask for.</summary>
    public required string Scopes { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
