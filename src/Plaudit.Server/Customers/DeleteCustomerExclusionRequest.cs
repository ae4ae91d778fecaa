namespace Plaudit.Server.Customers;

// Request bodies as the OpenAPI document shows them; CustomerEndpoints validates them.

/// <summary>Either field identifies the exclusion to remove.</summary>
public sealed record DeleteCustomerExclusionRequest(string? Id, string? Email);
