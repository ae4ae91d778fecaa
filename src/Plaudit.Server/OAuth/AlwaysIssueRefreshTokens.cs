using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Plaudit.Server.OAuth;

/// <summary>
/// The spec's token endpoint always returns a refresh token (30 days), without the OpenID
/// <c>offline_access</c> scope that OpenIddict would otherwise require for one.
/// </summary>
public sealed class AlwaysIssueRefreshTokens : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseSingletonHandler<AlwaysIssueRefreshTokens>()
            .SetOrder(OpenIddictServerHandlers.EvaluateGeneratedTokens.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (context.EndpointType == OpenIddictServerEndpointType.Token)
        {
            context.GenerateRefreshToken = true;
            context.IncludeRefreshToken = true;
        }
        return ValueTask.CompletedTask;
    }
}
