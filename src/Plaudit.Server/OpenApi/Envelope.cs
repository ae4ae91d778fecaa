namespace Plaudit.Server.OpenApi;

/// <summary>The envelope's schema, for the OpenAPI document.</summary>
public sealed record Envelope<T>(int Code, int ReasonCode, string Message, T? Data, string RequestId, long Time);
