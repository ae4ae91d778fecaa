using Plaudit.Server.OpenApi;
using Plaudit.Server.Reviews;

namespace Plaudit.Server.Storefront;

public sealed record RecordedEventJson(string Id);
