using System.Text.Json;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;

namespace Plaudit.Server.Orders;

public sealed record ImportRejectionJson(int Index, string Reason);
