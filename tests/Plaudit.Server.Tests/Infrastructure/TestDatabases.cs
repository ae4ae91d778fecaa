using Npgsql;

namespace Plaudit.Server.Tests.Infrastructure;

/// <summary>Creates an empty database for a test server: a SQLite file, or a fresh PostgreSQL database.</summary>
public static class TestDatabases
{
    public const string PostgresVariable = "PLAUDIT_TEST_POSTGRES";

    public static async Task<string> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "plaudit-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            return $"Data Source={Path.Combine(folder, "plaudit.db")}";
        }

        var admin = Environment.GetEnvironmentVariable(PostgresVariable)
            ?? throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with scripts/test.sh, which starts PostgreSQL.");
        var name = "plaudit_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
    }

    public static string ProviderSetting(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";
}
