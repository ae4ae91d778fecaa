namespace Plaudit.Server.OpenApi;

/// <summary>A successful answer's data, for filters that post-process results (the read cache).</summary>
public interface IApiSuccess
{
    bool Succeeded { get; }

    /// <summary>The data as wire JSON, exactly the bytes the answer's <c>data</c> carries.</summary>
    byte[] SerializeData();
}
