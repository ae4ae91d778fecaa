namespace Plaudit.Server.Media;

public enum SaveOutcome
{
    Saved,
    TooLarge,
    UnsupportedType,
    /// <summary>Something was already uploaded at the key; uploads are create-only.</summary>
    Exists,
}
