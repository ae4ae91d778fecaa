using Microsoft.Extensions.DependencyInjection;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Tests.Infrastructure;

public static class ServiceProviderExtensions
{
    public static PlauditDbContext GetDb(this IServiceProvider services) => services.GetRequiredService<PlauditDbContext>();
}
