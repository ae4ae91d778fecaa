using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Media;

/// <summary>The <c>get_video_upload_url</c> query; the upper bound of <c>file_size</c> is a setting, checked by the handler.</summary>
public sealed record VideoUploadQuery(
    [property: Description("The video's file name; only its extension (.mp4, .mov, .webm) is kept.")] string? FileName,
    [property: Range(typeof(long), "1", "9223372036854775807"),
        Description("The video's exact size in bytes; required with the s3 provider, whose URL accepts only that length.")] long? FileSize,
    [property: AllowedValues(MediaSniffer.Mp4, MediaSniffer.QuickTime, MediaSniffer.WebM),
        Description("video/mp4, video/quicktime or video/webm; default from file_name's extension, else video/mp4.")] string? ContentType)
    : IQueryInput<VideoUploadQuery>;
