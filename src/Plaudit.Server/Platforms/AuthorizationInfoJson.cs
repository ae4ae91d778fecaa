namespace Plaudit.Server.Platforms;

public sealed record AuthorizationInfoJson(string ShopId, IReadOnlyList<AuthorizationJson> Authorizations);
