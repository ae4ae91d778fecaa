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
}
