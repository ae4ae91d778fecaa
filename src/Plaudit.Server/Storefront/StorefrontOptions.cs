using System.ComponentModel.DataAnnotations;

namespace Plaudit.Server.Storefront;

/// <summary>The <c>Storefront</c> configuration section: limits for the public widget endpoints.</summary>
public sealed class StorefrontOptions
{
    public const string Section = "Storefront";

    /// <summary>Review submissions per client IP per minute (per node).</summary>
    public int SubmissionsPerMinute { get; set; } = 5;

    /// <summary>Customer events per client IP per minute (per node).</summary>
    public int EventsPerMinute { get; set; } = 120;

    /// <summary>Photo upload permissions (<c>image_upload_policy</c>) per client IP per minute (per node): one per photo.</summary>
    [Range(1, 100_000)]
    public int UploadPoliciesPerMinute { get; set; } = 10;

    /// <summary>A submission with more links than this (http://, https://, www.) is refused as spam.</summary>
    public int MaxLinks { get; set; } = 2;

    /// <summary>The same content from the same email within this window is refused as a duplicate.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long browsers and CDNs may keep a review list (it is revalidated by ETag after).</summary>
    public int CacheSeconds { get; set; } = 60;

    /// <summary>
    /// The largest <c>properties</c> object (its JSON, in bytes) a storefront event may carry: anyone
    /// may post events, each is stored and sent to every customer_event webhook of the shop.
    /// </summary>
    [Range(2, 1024 * 1024)]
    public int MaxEventPropertiesBytes { get; set; } = 8 * 1024;
}
