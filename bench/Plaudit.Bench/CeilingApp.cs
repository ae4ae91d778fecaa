using Microsoft.Data.Sqlite;

namespace Plaudit.Bench;

/// <summary>
/// The two ceilings the storefront figures are quoted against, served by a bare Kestrel app in the
/// same process: a trivial read (<c>GET /</c>), and a trivial write that inserts the posted body as
/// one row per request into its own SQLite file in WAL mode with <c>synchronous=NORMAL</c>
/// (<c>POST /insert</c>), each request its own transaction, as a plain endpoint would.
/// </summary>
public static class CeilingApp
{
    /// <summary>What <c>GET /same-size</c> answers: set to a real answer's bytes, for an answer of the same size at no cost.</summary>
    public static byte[] StaticAnswer { get; set; } = [];

    public static async Task<WebApplication> StartAsync(string folder)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "ceiling.db"), Pooling = true }.ToString();
        await using (var setup = new SqliteConnection(connectionString))
        {
            await setup.OpenAsync();
            await using var command = setup.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL, created_at INTEGER NOT NULL);";
            await command.ExecuteNonQueryAsync();
        }
        var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/", () => TypedResults.Text("ok"));
        app.MapGet("/same-size", () => TypedResults.Bytes(StaticAnswer, "application/json"));
        app.MapPost("/insert", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; INSERT INTO rows (body, created_at) VALUES ($body, $at);";
            command.Parameters.AddWithValue("$body", body);
            command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync();
            return TypedResults.StatusCode(StatusCodes.Status202Accepted);
        });
        await app.StartAsync();
        return app;
    }
}
