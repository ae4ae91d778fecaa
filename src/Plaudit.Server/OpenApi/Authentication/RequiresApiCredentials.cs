namespace Plaudit.Server.OpenApi.Authentication;

/// <summary>Marks endpoints behind <see cref="ApiAuthenticationFilter"/>, so credentials are checked before a body is read.</summary>
public sealed record RequiresApiCredentials;
