using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Platforms;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Customers;

public static class CustomerEndpoints
{
    public static RouteGroupBuilder MapCustomerEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/get_customer_excludes", GetExclusions).CacheReads().RequireScope(Scopes.ReadCustomers)
            .WithName("GetCustomerExcludes").WithSummary("List customers excluded from review requests");
        api.MapPost("/create_customer_exclude", CreateExclusion).RequireScope(Scopes.WriteCustomers)
            .WithName("CreateCustomerExclude").WithSummary("Exclude a customer (by email); code 6 if already excluded");
        api.MapPost("/delete_customer_exclude", DeleteExclusion).RequireScope(Scopes.WriteCustomers)
            .WithName("DeleteCustomerExclude").WithSummary("Remove an exclusion by id or email");
        api.MapPost("/email_unsubscribe", Unsubscribe).RequireScope(Scopes.WriteCustomers)
            .WithName("EmailUnsubscribe").WithSummary("Unsubscribe a customer from emails (idempotent)");
        return api;
    }

    private static async Task<ApiResponse<Paged<CustomerExclusionJson>>> GetExclusions(
        HttpContext http, PageRequest page, CustomerExclusionQuery query, CancellationToken cancellationToken)
    {
        var db = http.ReadDatabase();
        var email = query.Email;
        var shopId = ApiCaller.Of(http).ShopId;
        var exclusions = db.CustomerExclusions.AsNoTracking().Where(e => e.ShopId == shopId);
        if (email is not null)
        {
            var normalized = NormalizeEmail(email);
            exclusions = exclusions.Where(e => e.Email == normalized);
        }
        exclusions = exclusions.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id);
        return ApiResponse<Paged<CustomerExclusionJson>>.Ok(await exclusions.ToPagedAsync(page, CustomerExclusionJson.From, cancellationToken));
    }

    private static async Task<ApiResponse<CustomerExclusionJson>> CreateExclusion(
        HttpContext http, CustomerEmailRequest request, CustomerExclusions exclusions, CancellationToken cancellationToken)
    {
        var (exclusion, created) = await exclusions.AddAsync(ApiCaller.Of(http).ShopId, request.Email.Trim(), ExclusionSource.Manual, cancellationToken);
        return created
            ? ApiResponse<CustomerExclusionJson>.Ok(CustomerExclusionJson.From(exclusion))
            : ApiError.AlreadyExists($"{exclusion.Email} is already excluded.");
    }

    private static async Task<ApiResponse<CustomerExclusionJson>> DeleteExclusion(
        HttpContext http, DeleteCustomerExclusionRequest request, PlauditDbContext db, CancellationToken cancellationToken)
    {
        var (id, email) = (request.Id, request.Email);
        var shopId = ApiCaller.Of(http).ShopId;
        var matches = db.CustomerExclusions.Where(e => e.ShopId == shopId);
        if (id is not null)
        {
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var exclusionId))
            {
                return ApiError.NotFound($"No exclusion with id {id}.");
            }
            matches = matches.Where(e => e.Id == exclusionId);
        }
        else
        {
            var normalized = NormalizeEmail(email!);
            matches = matches.Where(e => e.Email == normalized);
        }
        var exclusion = await matches.FirstOrDefaultAsync(cancellationToken);
        if (exclusion is null)
        {
            return ApiError.NotFound("No such exclusion.");
        }
        db.CustomerExclusions.Remove(exclusion);
        await db.SaveChangesAsync(cancellationToken);
        return ApiResponse<CustomerExclusionJson>.Ok(CustomerExclusionJson.From(exclusion));
    }

    private static async Task<ApiResponse<CustomerExclusionJson>> Unsubscribe(
        HttpContext http, CustomerEmailRequest request, CustomerExclusions exclusions, CancellationToken cancellationToken)
    {
        var (exclusion, _) = await exclusions.AddAsync(ApiCaller.Of(http).ShopId, request.Email.Trim(), ExclusionSource.Unsubscribe, cancellationToken);
        return ApiResponse<CustomerExclusionJson>.Ok(CustomerExclusionJson.From(exclusion));
    }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static bool IsEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < email.Length - 1 && email.IndexOf('@', at + 1) < 0 && !email.Any(char.IsWhiteSpace);
    }
}
