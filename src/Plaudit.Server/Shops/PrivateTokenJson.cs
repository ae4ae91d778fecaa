namespace Plaudit.Server.Shops;

public sealed record PrivateTokenJson(string PrivateToken);
