namespace Plaudit.Server.Reviews;

public sealed record ReviewMediaJson(string Url, string ThumbnailUrl, int Type, int IsPublished);
