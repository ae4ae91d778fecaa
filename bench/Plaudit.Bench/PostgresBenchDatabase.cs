using Npgsql;

namespace Plaudit.Bench;

/// <summary>
/// A fresh database for one benchmark run on the PostgreSQL server that <c>PLAUDIT_BENCH_POSTGRES</c>
/// names (a connection string to a server where a database may be created); none when it is unset.
/// </summary>
public static class PostgresBenchDatabase
{
    /// <summary>Plaudit's arguments for a new, empty database, or null when no server is configured.</summary>
    public static async Task<string[]?> CreateAsync(int maxPoolSize) =>
        await CreateConnectionStringAsync(maxPoolSize) is { } connectionString
            ? ["--Database:Provider=postgres", $"--ConnectionStrings:Plaudit={connectionString}"]
            : null;

    /// <summary>A pooled connection string to a new, empty database (Npgsql's default pool size when none is given), or null.</summary>
    public static async Task<string?> CreateConnectionStringAsync(int? maxPoolSize = null)
    {
        if (Environment.GetEnvironmentVariable("PLAUDIT_BENCH_POSTGRES") is not { Length: > 0 } postgres)
        {
            return null;
        }
        var database = $"plaudit_bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
        await using (var admin = new NpgsqlConnection(postgres))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(postgres) { Database = database, Pooling = true };
        if (maxPoolSize is { } size)
        {
            builder.MaxPoolSize = size;
        }
        return builder.ToString();
    }
}
