namespace Plaudit.Server.Storefront;

public sealed record RecordedEventJson(string Id);
