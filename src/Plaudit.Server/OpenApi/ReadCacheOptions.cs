using System.ComponentModel.DataAnnotations;

namespace Plaudit.Server.OpenApi;

/// <summary>Section <c>ReadCache</c>: the in-memory cache of read responses.</summary>
public sealed class ReadCacheOptions
{
    public const string Section = "ReadCache";

    public bool Enabled { get; set; } = true;

    /// <summary>Upper bound on cached response bytes per node.</summary>
    [Range(1, long.MaxValue, ErrorMessage = "ReadCache:SizeLimitBytes must be positive.")]
    public long SizeLimitBytes { get; set; } = 64L * 1024 * 1024;
}
