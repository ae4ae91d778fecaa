using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Customers;

/// <summary>The body of <c>create_customer_exclude</c> and <c>email_unsubscribe</c>.</summary>
public sealed record CustomerEmailRequest([property: Required, MaxLength(320)] string Email) : IJsonBody<CustomerEmailRequest>, IValidatedInput
{
    public FieldProblem? Validate() => CustomerEndpoints.IsEmail(Email.Trim()) ? null : new FieldProblem("email", "must be an email address");
}
