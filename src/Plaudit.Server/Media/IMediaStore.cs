namespace Plaudit.Server.Media;

/// <summary>Where uploads go: Plaudit itself (<see cref="LocalMediaStore"/>) or an S3-compatible store (<see cref="S3MediaStore"/>).</summary>
public interface IMediaStore
{
    /// <summary>Whether a video's exact size must be known before its upload URL is made (S3 signs it in).</summary>
    bool RequiresFileSize { get; }

    VideoUploadJson CreateVideoUpload(long shopId, VideoUpload video, Uri plauditUrl);

    /// <param name="contentType">One of <see cref="MediaSniffer.ImageTypes"/>: the only type an S3 store will take under this policy.</param>
    ImageUploadPolicyJson CreateImageUpload(long shopId, string contentType, Uri plauditUrl);

    /// <summary>Where the uploads' public URLs start (ending with <c>/</c>): an upload's URL is this and its key.</summary>
    Uri UploadsRoot(Uri plauditUrl);
}
