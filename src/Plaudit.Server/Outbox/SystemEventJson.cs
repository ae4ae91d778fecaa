namespace Plaudit.Server.Outbox;

/// <summary>Spec 1.3's body: <c>{"event","shop_id" (integer),"platform","timestamp"}</c>.</summary>
public sealed record SystemEventJson(string Event, long ShopId, string Platform, long Timestamp);
