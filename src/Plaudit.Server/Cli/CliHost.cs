using Plaudit.Server.Hosting;
using Plaudit.Server.Merchants;
using Plaudit.Server.Platforms;
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
        // A verb's output is its result (often one JSON object): logs go to stderr.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddPlaudit(builder.Configuration);
        var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        return host;
    }

    /// <summary>Runs a verb's work in a scope; a refusal (bad input) is one line on stderr and exit code 1.</summary>
    public static async Task<int> RunAsync(string[] configurationArgs, Func<IServiceProvider, Task> work, CancellationToken cancellationToken)
    {
        using var host = await StartAsync(configurationArgs, cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        try
        {
            await work(scope.ServiceProvider);
            return 0;
        }
        catch (Exception ex) when (ex is PlatformException or MerchantException or CliRefusalException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }
}
