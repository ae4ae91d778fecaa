using Plaudit.Server.Hosting;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Cli;

/// <summary>
/// The services of a verb that is not the web server: the same configuration sources and services,
/// with the database migrated first.
/// </summary>
public static class CliHost
{
    public static async Task<IHost> StartAsync(string[] configurationArgs, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = configurationArgs, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddPlaudit(builder.Configuration);
        var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        return host;
    }
}
