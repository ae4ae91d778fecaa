using System.Globalization;
using Microsoft.Extensions.Options;

namespace Plaudit.Server.Media;

/// <summary>
/// Which media URLs a review may carry: the shop's own uploads (which must exist, for the local
/// provider), and, unless <c>Media:AllowExternalUrls</c> is off, other https URLs. Never another
/// shop's uploads. A URL is one of Plaudit's uploads when it points under the uploads' root however
/// it is spelled (<see cref="UploadLocation"/>); were it judged by its text, a respelled URL of another
/// shop's upload would pass as another site's media.
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
        var root = store.UploadsRoot(plauditUrl);
        if (UploadLocation.Parse(url) is { } location && UploadLocation.Parse(root.ToString()) is { } uploads && location.KeyUnder(uploads) is { } key)
        {
            return UploadProblem(shopId, key, location.IsSameOrigin(uploads), root);
        }
        if (!options.Value.AllowExternalUrls)
        {
            return "must be one of this shop's uploads (get_video_upload_url, get_image_upload_policy_token)";
        }
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? null
            : "must be an https URL or one of this shop's uploads";
    }

    private string? UploadProblem(long shopId, string key, bool sameOrigin, Uri root)
    {
        var folder = key.Split('/')[0];
        if (folder != MediaKeys.ShopPrefix(shopId).TrimEnd('/') || folder.Length == key.Length)
        {
            return folder.Length > 1 && (folder[0] is 's' or 'S')
                && long.TryParse(folder.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var owner) && owner != shopId
                ? "is another shop's upload"
                : "is not an upload of this shop (nothing was uploaded there)";
        }
        if (!sameOrigin)
        {
            return $"must use the uploads' own address, {root}";
        }
        return store is LocalMediaStore && local.Find(key) is null
            ? "is not an upload of this shop (nothing was uploaded there)"
            : null;
    }
}
