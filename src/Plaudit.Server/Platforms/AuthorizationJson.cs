using Microsoft.EntityFrameworkCore;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Platforms;

public sealed record AuthorizationJson(string Platform, string PlatformName, IReadOnlyList<string> Scopes, string Status, string AuthorizedAt, string? RevokedAt, string? RevokedBy);
