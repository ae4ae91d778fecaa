using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;

namespace Plaudit.Server.Orders;

/// <summary>
/// <c>import_orders</c> (Plaudit extension): the CLI's import over HTTP, up to 1,000 orders a call.
/// The spec has no write scope for orders, so only the shop itself (HMAC) may import.
/// </summary>
public static class OrderImportEndpoint
{
    public const int MaxOrders = 1000;

    public static RouteGroupBuilder MapOrderImportEndpoint(this RouteGroupBuilder api)
    {
        api.MapPost("/import_orders", ImportAsync).Accepts<ImportOrdersRequest>("application/json")
            .WithName("ImportOrders").WithSummary("Import up to 1,000 orders, idempotently by order id (Plaudit extension, HMAC only)");
        return api;
    }

    private static async Task<ApiResponse<ImportOrdersJson>> ImportAsync(HttpContext http, OrderImporter importer, CancellationToken cancellationToken)
    {
        var caller = ApiCaller.Of(http);
        if (caller.IsPlatform)
        {
            return ApiError.PermissionDenied("Importing orders is the shop's own call (HMAC); there is no OAuth scope for it.");
        }
        var body = JsonFields.Parse(BufferedBody.Of(http), out var parseError);
        if (parseError is not null)
        {
            return parseError;
        }
        var orders = body.Array("orders", MaxOrders);
        if (body.Error is not null)
        {
            return body.Error.Message.Contains("at most", StringComparison.Ordinal) ? ApiError.Create(ApiCode.OutOfRange, $"Send at most {MaxOrders} orders per call.") : body.Error;
        }
        if (orders is null)
        {
            return ApiError.InvalidArgument("orders is required: an array of order objects.");
        }
        // Rows are numbered from 0, as the array is.
        var rows = orders.Select((order, index) =>
        {
            var (input, problem) = OrderInput.FromJson(order);
            return new ImportRow(index, input, problem);
        }).ToAsyncEnumerable();
        var report = await importer.ImportAsync(caller.ShopId, rows, null, cancellationToken);
        return ApiResponse<ImportOrdersJson>.Ok(new ImportOrdersJson(report.Imported, report.Updated, report.VerifiedReviews,
            report.Rejected.Select(r => new ImportRejectionJson(r.Line, r.Reason)).ToList()));
    }
}
