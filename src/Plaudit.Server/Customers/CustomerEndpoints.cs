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
            .DocumentQuery([.. QueryParameterDocs.Paging, new("email", "string", "Only this email's exclusion.")])
            .WithName("GetCustomerExcludes").WithSummary("List customers excluded from review requests");
        api.MapPost("/create_customer_exclude", CreateExclusion).RequireScope(Scopes.WriteCustomers).Accepts<CustomerEmailRequest>("application/json")
            .WithName("CreateCustomerExclude").WithSummary("Exclude a customer (by email); code 6 if already excluded");
        api.MapPost("/delete_customer_exclude", DeleteExclusion).RequireScope(Scopes.WriteCustomers).Accepts<DeleteCustomerExclusionRequest>("application/json")
            .WithName("DeleteCustomerExclude").WithSummary("Remove an exclusion by id or email");
        api.MapPost("/email_unsubscribe", Unsubscribe).RequireScope(Scopes.WriteCustomers).Accepts<CustomerEmailRequest>("application/json")
            .WithName("EmailUnsubscribe").WithSummary("Unsubscribe a customer from emails (idempotent)");
        return api;
    }

    private static async Task<ApiResponse<Paged<CustomerExclusionJson>>> GetExclusions(HttpContext http, CancellationToken cancellationToken)
    {
        var db = http.ReadDatabase();
        var query = new QueryFields(http.Request.Query);
        var page = PageRequest.Read(query);
        var email = query.String("email", maxLength: 320);
        if (query.Error is not null)
        {
            return query.Error;
        }
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

    private static async Task<ApiResponse<CustomerExclusionJson>> CreateExclusion(HttpContext http, CustomerExclusions exclusions, CancellationToken cancellationToken)
    {
        var email = ReadEmail(http, out var error);
        if (error is not null)
        {
            return error;
        }
        var (exclusion, created) = await exclusions.AddAsync(ApiCaller.Of(http).ShopId, email!, ExclusionSource.Manual, cancellationToken);
        return created
            ? ApiResponse<CustomerExclusionJson>.Ok(CustomerExclusionJson.From(exclusion))
            : ApiError.AlreadyExists($"{exclusion.Email} is already excluded.");
    }

    private static async Task<ApiResponse<CustomerExclusionJson>> DeleteExclusion(HttpContext http, PlauditDbContext db, CancellationToken cancellationToken)
    {
        var body = JsonFields.Parse(BufferedBody.Of(http), out var parseError);
        if (parseError is not null)
        {
            return parseError;
        }
        var id = body.Id("id");
        var email = body.String("email", maxLength: 320);
        if (body.Error is not null)
        {
            return body.Error;
        }
        if (id is null && string.IsNullOrWhiteSpace(email))
        {
            return ApiError.InvalidArgument("id or email is required.");
        }

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

    private static async Task<ApiResponse<CustomerExclusionJson>> Unsubscribe(HttpContext http, CustomerExclusions exclusions, CancellationToken cancellationToken)
    {
        var email = ReadEmail(http, out var error);
        if (error is not null)
        {
            return error;
        }
        var (exclusion, _) = await exclusions.AddAsync(ApiCaller.Of(http).ShopId, email!, ExclusionSource.Unsubscribe, cancellationToken);
        return ApiResponse<CustomerExclusionJson>.Ok(CustomerExclusionJson.From(exclusion));
    }

    private static string? ReadEmail(HttpContext http, out ApiError? error)
    {
        var body = JsonFields.Parse(BufferedBody.Of(http), out error);
        if (error is not null)
        {
            return null;
        }
        var email = body.String("email", required: true, maxLength: 320)?.Trim();
        if (body.Error is null && !IsEmail(email!))
        {
            body.Reject("email", "must be an email address");
        }
        error = body.Error;
        return error is null ? email : null;
    }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    private static bool IsEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < email.Length - 1 && email.IndexOf('@', at + 1) < 0 && !email.Any(char.IsWhiteSpace);
    }
}
