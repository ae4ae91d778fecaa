using System.Text.Json;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;

namespace Plaudit.Server.Orders;

public sealed record ImportOrdersJson(int Imported, int Updated, int VerifiedReviews, IReadOnlyList<ImportRejectionJson> Rejected);
