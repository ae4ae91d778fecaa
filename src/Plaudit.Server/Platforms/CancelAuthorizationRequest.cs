using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Platforms;

/// <summary>The <c>cancel_authorization</c> body: the platform's client_id, as <c>platform</c> (or <c>client_id</c>).</summary>
public sealed record CancelAuthorizationRequest(
    [property: MaxLength(100), Description("The platform's client_id.")] string? Platform,
    [property: MaxLength(100), Description("The same, by the name OAuth gives it; read when platform is absent.")] string? ClientId)
    : IJsonBody<CancelAuthorizationRequest>, IValidatedInput
{
    /// <summary>The platform named, by whichever field was given.</summary>
    public string PlatformClientId => Platform ?? ClientId!;

    public FieldProblem? Validate()
    {
        var field = Platform is not null || ClientId is null ? "platform" : "client_id";
        return PlatformClientId switch
        {
            null => new FieldProblem(field, "is required"),
            var named when string.IsNullOrWhiteSpace(named) => new FieldProblem(field, "must not be empty"),
            _ => null,
        };
    }
}
