namespace Plaudit.Server.Platforms;

/// <param name="Platform">The platform's client_id (<c>client_id</c> is accepted too).</param>
public sealed record CancelAuthorizationRequest(string Platform);
