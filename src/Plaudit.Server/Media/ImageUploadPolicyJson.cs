using System.Text.Json.Serialization;
using Plaudit.Server.OpenApi;

namespace Plaudit.Server.Media;

/// <summary>
/// What <c>get_image_upload_policy_token</c> answers: POST a multipart form to <c>host</c> with every
/// entry of <c>fields</c> (<c>key</c> may be changed to any name under <c>dir</c>) and the file last,
/// in <c>file_field</c>; the image is then at <c>media_url_prefix</c> + the key's name.
/// </summary>
public sealed record ImageUploadPolicyJson(
    string Host, string Dir, string Key, string Policy, string Signature, long Expire, string ExpiresAt, long MaxBytes,
    IReadOnlyList<string> ContentTypes, string FileField, [property: JsonConverter(typeof(VerbatimKeysConverter))] IReadOnlyDictionary<string, string> Fields,
    string MediaUrl, string MediaUrlPrefix);
