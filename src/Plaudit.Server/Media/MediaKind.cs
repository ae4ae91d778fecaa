namespace Plaudit.Server.Media;

/// <summary>Images and videos, recognised by their first bytes, never by what the client claims.</summary>
public enum MediaKind
{
    Image = 1,
    Video = 2,
}
