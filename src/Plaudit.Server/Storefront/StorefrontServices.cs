using Microsoft.AspNetCore.Cors.Infrastructure;
using Plaudit.Server.Orders;

namespace Plaudit.Server.Storefront;

public static class StorefrontServices
{
    public static IServiceCollection AddPlauditStorefront(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorefrontOptions>().Bind(configuration.GetSection(StorefrontOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ReviewVerification>();
        services.AddSingleton<StorefrontListCache>();
        services.AddCors();
        services.AddSingleton<ICorsPolicyProvider, StorefrontCorsPolicyProvider>();
        return services;
    }
}
