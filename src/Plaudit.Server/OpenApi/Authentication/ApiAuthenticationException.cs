namespace Plaudit.Server.OpenApi.Authentication;

/// <summary>Carries the envelope error of a failed authentication (code 4 or 16) out of a handler.</summary>
public sealed class ApiAuthenticationException(ApiError error) : Exception(error.Message)
{
    public ApiError Error { get; } = error;
}
