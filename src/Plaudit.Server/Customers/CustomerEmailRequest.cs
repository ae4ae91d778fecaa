namespace Plaudit.Server.Customers;

// Request bodies as the OpenAPI document shows them; CustomerEndpoints validates them.

public sealed record CustomerEmailRequest(string Email);
