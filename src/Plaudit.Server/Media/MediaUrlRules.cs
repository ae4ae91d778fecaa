using Microsoft.Extensions.Options;

namespace Plaudit.Server.Media;

/// <summary>
/// Which media URLs a review may carry: the shop's own uploads (which must exist, for the local
/// provider), and, unless <c>Media:AllowExternalUrls</c> is off, other https URLs. Never another
/// shop's uploads.
/// </summary>
public sealed class MediaUrlRules(IOptions<MediaOptions> options, IMediaStore store, LocalMediaStore local)
{
    /// <summary>Null when <paramref name="url"/> is acceptable, else what is wrong with it.</summary>
    public string? Problem(long shopId, string url, Uri plauditUrl)
    {
        if (url.Length == 0)
        {
            return null;
        }
        var own = store.ShopMediaPrefix(shopId, plauditUrl).ToString();
        if (url.StartsWith(own, StringComparison.Ordinal))
        {
            return store is LocalMediaStore && local.Find(url[(own.Length - MediaKeys.ShopPrefix(shopId).Length)..]) is null
                ? "is not an upload of this shop (nothing was uploaded there)"
                : null;
        }
        var uploads = store.ShopMediaPrefix(0, plauditUrl).ToString()[..^MediaKeys.ShopPrefix(0).Length];
        if (url.StartsWith(uploads, StringComparison.Ordinal))
        {
            return "is another shop's upload";
        }
        if (!options.Value.AllowExternalUrls)
        {
            return "must be one of this shop's uploads (get_video_upload_url, get_image_upload_policy_token)";
        }
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? null
            : "must be an https URL or one of this shop's uploads";
    }
}
