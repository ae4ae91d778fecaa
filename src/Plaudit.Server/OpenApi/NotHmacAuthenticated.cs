using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Plaudit.Server.Hosting;

namespace Plaudit.Server.OpenApi;

/// <summary>Endpoint metadata: an Open API path that takes no HMAC headers (public, or merchant session).</summary>
public sealed record NotHmacAuthenticated;
