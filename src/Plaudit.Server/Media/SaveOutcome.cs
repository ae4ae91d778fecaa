namespace Plaudit.Server.Media;

public enum SaveOutcome
{
    Saved,
    TooLarge,
    UnsupportedType,
    /// <summary>Something was already uploaded at the key; uploads are create-only.</summary>
    Exists,
    /// <summary>The upload permission (an image policy for a folder) was already used for a file.</summary>
    PolicyUsed,
    /// <summary>
    /// The key cannot sit beside an upload already stored: one would be a folder of the other (<c>a/b</c>
    /// and <c>a/b/c</c>), which S3's flat names allow but the local provider's files cannot.
    /// </summary>
    KeyConflict,
}
