using Microsoft.OpenApi;
using Plaudit.Server.Hosting;

namespace Plaudit.Server.OpenApi;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c>: HMAC headers and bearer security on every Open API call.</summary>
public static class OpenApiDocument
{
    public static IServiceCollection AddPlauditOpenApiDocument(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, context, _) =>
            {
                // The document would name the request's Host as its server; PublicUrl is Plaudit's own address.
                document.Servers = [new OpenApiServer { Url = context.ApplicationServices.GetRequiredService<PublicUrl>().Value.ToString().TrimEnd('/') }];
                document.Info = new OpenApiInfo
                {
                    Title = "Plaudit Open API",
                    Version = "v1",
                    Description = "Trustoo-compatible reviews data API. Every response is HTTP 200 with the envelope "
                        + "{code, reason_code, message, data, request_id, time}. Authenticate with the HMAC headers "
                        + "(Public-Token, Timestamp, Sign) or an OAuth 2.0 bearer token.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["PublicToken"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "Public-Token",
                    Description = "The shop's public token; send Timestamp and Sign with it (HMAC-SHA256, see the quick start).",
                };
                document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An OAuth 2.0 access token of a platform acting for a shop.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var path = context.Description.RelativePath ?? "";
                if (!path.StartsWith("api/v1/openapi", StringComparison.Ordinal)
                    || context.Description.ActionDescriptor.EndpointMetadata.OfType<NotHmacAuthenticated>().Any())
                {
                    return Task.CompletedTask;
                }
                operation.Parameters ??= [];
                foreach (var list in context.Description.ActionDescriptor.EndpointMetadata.OfType<QueryParameterList>())
                {
                    foreach (var parameter in list.Parameters)
                    {
                        operation.Parameters.Add(new OpenApiParameter
                        {
                            Name = parameter.Name,
                            In = ParameterLocation.Query,
                            Description = parameter.Description,
                            Schema = new OpenApiSchema { Type = parameter.Type == "integer" ? JsonSchemaType.Integer : JsonSchemaType.String },
                        });
                    }
                }
                operation.Parameters.Add(HeaderParameter("Public-Token", "The shop's public token (HMAC authentication)."));
                operation.Parameters.Add(HeaderParameter("Timestamp", "Unix time in seconds; within 15 minutes of the server clock."));
                operation.Parameters.Add(HeaderParameter("Sign", "Lowercase hex HMAC-SHA256 of the sorted query, timestamp and raw body."));
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("PublicToken", context.Document)] = [] });
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", context.Document)] = [] });
                return Task.CompletedTask;
            });
        });

    private static OpenApiParameter HeaderParameter(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
