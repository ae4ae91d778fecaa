namespace Plaudit.Server.Platforms;

public sealed record DisconnectJson(string ShopId, string Platform, bool Disconnected);
