namespace Plaudit.Server.Platforms;

public sealed record InstallStatusJson(string ShopId, bool Installed, string InstalledAt, string? UninstalledAt);
