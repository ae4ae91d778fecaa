using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Plaudit.Server.ReviewForm;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Emails;

public static class EmailServices
{
    public static IServiceCollection AddPlauditEmails(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ReviewEmailScheduler>();
        services.AddScoped<EmailSettingsStore>();
        services.AddScoped<ReviewEmailComposer>();
        services.AddScoped<ReviewConfirmationComposer>();
        services.AddScoped<ReviewConfirmations>();
        services.AddScoped<EmailTracking>();
        services.AddScoped<ReviewEmailPreview>();
        services.AddScoped<ReviewFormSubmission>();
        services.AddSingleton<EmailLinkKeys>();
        services.AddSingleton<EmailLinks>();
        services.AddSingleton<ReviewEmailWake>();
        services.AddSingleton<ReviewEmailSender>();
        services.AddSingleton<IMailTransport>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmailOptions>>();
            return options.Value.UsesSmtp
                ? new SmtpMailTransport(options, sp.GetRequiredService<TimeProvider>())
                : new PickupDirectoryTransport(options.Value.PickupDirectory ?? DefaultPickupDirectory(configuration), sp.GetRequiredService<TimeProvider>());
        });
        if (configuration.GetValue(EmailOptions.Section + ":Sending", true))
        {
            services.AddHostedService<ReviewEmailWorker>();
        }
        return services;
    }

    /// <summary>Beside the SQLite file; for PostgreSQL, <c>data/emails</c> under the working directory.</summary>
    public static string DefaultPickupDirectory(IConfiguration configuration)
    {
        if (!DatabaseOptions.From(configuration).IsPostgres)
        {
            var dataSource = new SqliteConnectionStringBuilder(configuration.GetConnectionString("Plaudit") ?? DatabaseOptions.DefaultSqliteConnectionString).DataSource;
            if (!string.IsNullOrEmpty(dataSource) && dataSource != ":memory:" && !dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dataSource))!, "emails");
            }
        }
        return Path.Combine("data", "emails");
    }
}
