namespace Plaudit.Server.Media;

/// <summary>
/// What the uploader says about a video before sending it: its name (only the extension is kept, for
/// the key), its exact size in bytes, and its type. An S3 store is bound to the size and type in the
/// pre-signed URL's signature; the local provider caps the size and checks the type from the bytes.
/// </summary>
public sealed record VideoUpload(string? FileName, long? FileSize, string ContentType);
