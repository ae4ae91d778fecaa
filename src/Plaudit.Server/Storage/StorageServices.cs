using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Outbox;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Storage;

public static class StorageServices
{
    /// <summary>Registers <see cref="PlauditDbContext"/> for the configured provider (SQLite by default).</summary>
    public static IServiceCollection AddPlauditStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<OutboxWake>();
        services.AddSingleton<DeliveryWake>();
        services.AddSingleton<CommitInterceptor>();
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var connectionString = configuration.GetConnectionString("Plaudit");

        if (DatabaseOptions.From(configuration).IsPostgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Database:Provider is 'postgres' but ConnectionStrings:Plaudit is not set.");
            }
            services.AddSingleton(new SqliteWriteGate(enabled: false));
            services.AddSingleton(_ => PlainConnections.ForPostgres(connectionString));
            services.AddDbContextPool<PlauditDbContext, PostgresPlauditDbContext>((sp, options) =>
                ConfigurePostgres(options, connectionString).AddInterceptors(sp.GetRequiredService<CommitInterceptor>()));
        }
        else
        {
            SqliteThreading.EnsureConfigured();
            var sqlite = PrepareSqlite(connectionString ?? DatabaseOptions.DefaultSqliteConnectionString);
            services.AddSingleton(new SqliteChangeWatcher(sqlite));
            services.AddSingleton(sp => new SqliteCheckpointer(
                sqlite, sp.GetRequiredService<SqliteChangeWatcher>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SqliteCheckpointer>>()));
            services.AddHostedService(sp => sp.GetRequiredService<SqliteCheckpointer>());
            services.AddSingleton(new SqliteWriteGate(enabled: true));
            services.AddSingleton(_ => PlainConnections.ForSqlite(sqlite));
            services.AddDbContextPool<PlauditDbContext, SqlitePlauditDbContext>((sp, options) =>
                ConfigureSqlite(options, sqlite).AddInterceptors(sp.GetRequiredService<CommitInterceptor>(), new SqlitePragmas()));
        }
        return services;
    }

    public static DbContextOptionsBuilder ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString).UseSnakeCaseNamingConvention();

    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString).UseSnakeCaseNamingConvention();

    /// <summary>Makes sure the database file's folder exists, so the default works on a fresh checkout.</summary>
    private static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:")
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }
        return builder.ToString();
    }
}
