namespace Plaudit.Server.Reviews;

public sealed record ReviewMedia(string Url, string ThumbnailUrl, int Type, bool IsPublished)
{
    public const int Image = 1;
    public const int Video = 2;
}
