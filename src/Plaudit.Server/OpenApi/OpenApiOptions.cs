using System.ComponentModel.DataAnnotations;

namespace Plaudit.Server.OpenApi;

/// <summary>Settings of the Open API surface (section <c>OpenApi</c>).</summary>
public sealed class OpenApiOptions
{
    public const string Section = "OpenApi";

    /// <summary>Largest accepted request body; larger ones get code 11.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How far a request's Timestamp may be from the server clock, either way (spec: 15 minutes).</summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(15);
}
