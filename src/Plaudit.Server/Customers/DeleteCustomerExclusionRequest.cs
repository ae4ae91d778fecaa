using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Customers;

/// <summary>The <c>delete_customer_exclude</c> body: either field identifies the exclusion to remove.</summary>
public sealed record DeleteCustomerExclusionRequest([property: Id] string? Id, [property: MaxLength(320)] string? Email)
    : IJsonBody<DeleteCustomerExclusionRequest>, IValidatedInput
{
    public FieldProblem? Validate() => Id is null && string.IsNullOrWhiteSpace(Email) ? new FieldProblem("id or email", "is required") : null;
}
