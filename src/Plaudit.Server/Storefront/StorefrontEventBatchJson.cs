namespace Plaudit.Server.Storefront;

/// <summary>The recorded events' ids, in the order they were sent.</summary>
public sealed record StorefrontEventBatchJson(IReadOnlyList<string> Ids);
