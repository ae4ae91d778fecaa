using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Customers;

/// <summary>The <c>get_customer_excludes</c> query, besides the page.</summary>
public sealed record CustomerExclusionQuery(
    [property: MaxLength(320), Description("Only this email's exclusion.")] string? Email) : IQueryInput<CustomerExclusionQuery>;
