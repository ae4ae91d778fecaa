using Plaudit.Server.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;
using Scopes = Plaudit.Server.Platforms.Scopes;

namespace Plaudit.Server.OAuth;

public static class OAuthServices
{
    /// <summary>
    /// OpenIddict as the OAuth 2.0 server (authorization code + PKCE, rotating refresh tokens with
    /// reuse detection, RFC 7009 revocation) and as the validator of bearer tokens. Tokens are
    /// opaque reference tokens whose ids are stored hashed; their payloads are protected with the
    /// shared Data Protection key ring, so any node can check a token another node issued.
    /// </summary>
    public static IServiceCollection AddPlauditOAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(OAuthOptions.Section);
        services.AddOptions<OAuthOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        var options = section.Get<OAuthOptions>() ?? new OAuthOptions();
        var issuer = options.Issuer ?? Hosting.PublicUrlOptions.From(configuration).Value ?? "http://plaudit.localhost/";

        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<PlauditDbContext>())
            .AddServer(server =>
            {
                server.SetIssuer(new Uri(issuer, UriKind.Absolute))
                    .SetAuthorizationEndpointUris(OAuthPaths.Authorize.TrimStart('/'))
                    .SetTokenEndpointUris(OAuthPaths.Token.TrimStart('/'))
                    .SetRevocationEndpointUris(OAuthPaths.Revoke.TrimStart('/'))
                    .AllowAuthorizationCodeFlow()
                    .AllowRefreshTokenFlow()
                    .RegisterScopes([.. Scopes.All])
                    .SetAccessTokenLifetime(options.AccessTokenLifetime)
                    .SetRefreshTokenLifetime(options.RefreshTokenLifetime)
                    .SetAuthorizationCodeLifetime(options.AuthorizationCodeLifetime)
                    // No grace period: presenting a refresh token twice revokes its whole family.
                    .SetRefreshTokenReuseLeeway(null)
                    .UseReferenceAccessTokens()
                    .UseReferenceRefreshTokens()
                    // Tokens are Data Protection payloads; these keys would only sign JWTs, which Plaudit does not issue.
                    .AddEphemeralEncryptionKey()
                    .AddEphemeralSigningKey()
                    .AddEventHandler(AlwaysIssueRefreshTokens.Descriptor)
                    .Configure(o => o.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                server.UseDataProtection();
                var aspNetCore = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableErrorPassthrough();
                if (!options.RequireHttps)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseDataProtection();
                // Spec 1.2: the access token travels in the Authorization header only. Reading it from a
                // form body would parse any body a bearer caller sends (and throw on a malformed one).
                validation.UseAspNetCore()
                    .DisableAccessTokenExtractionFromBodyForm()
                    .DisableAccessTokenExtractionFromQueryString();
            });
        return services;
    }
}
