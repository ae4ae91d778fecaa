using System.Text.Json.Serialization;
using Plaudit.Server.OpenApi;

namespace Plaudit.Server.Media;

/// <summary>What <c>get_video_upload_url</c> answers: PUT the file to <c>upload_url</c>; it will be at <c>media_url</c>.</summary>
public sealed record VideoUploadJson(
    string UploadUrl, string Method, string MediaUrl, string Key, string ExpiresAt, long Expire, long MaxBytes,
    IReadOnlyList<string> ContentTypes, [property: JsonConverter(typeof(VerbatimKeysConverter))] IReadOnlyDictionary<string, string> Headers);
