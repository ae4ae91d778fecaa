namespace Plaudit.Server.Media;

/// <summary>What the local store keeps beside each file.</summary>
public sealed record StoredMediaInfo(string ContentType, long Size, long ShopId, DateTimeOffset StoredAt);
