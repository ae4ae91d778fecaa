namespace Plaudit.Server.Reviews;

public sealed record ReviewProductJson(string Id, string Title, string Handle, string ImageSrc, string Url);
