namespace Plaudit.Server.OpenApi.Authentication;

/// <summary>Endpoint metadata: the scope a bearer caller needs.</summary>
public sealed record RequiredScope(string Scope);
