namespace Plaudit.Server.OpenApi;

/// <summary>Endpoint metadata: an Open API path that takes no HMAC headers (public, or merchant session).</summary>
public sealed record NotHmacAuthenticated;
