namespace Plaudit.Server.OpenApi;

/// <summary>A successful answer's data, for filters that post-process results (the read cache).</summary>
public interface IApiSuccess
{
    bool Succeeded { get; }
    object? Data { get; }
    Type DataType { get; }
}
