using Microsoft.Data.Sqlite;
using Plaudit.Server.Reviews;

namespace Plaudit.Bench;

/// <summary>
/// The two ceilings the storefront figures are quoted against, served by a bare Kestrel app in the
/// same process: a trivial read (<c>GET /</c>), and a trivial write that inserts the posted body as
/// one row per request into its own SQLite file in WAL mode with <c>synchronous=NORMAL</c>
/// (<c>POST /insert</c>), each request its own transaction, as a plain endpoint would. On SQLite, a
/// third measures what get_reviews' own statements cost (<c>GET /same-size-read</c>): a plain endpoint
/// runs the page's query and its count on Plaudit's database file, reads every column, and answers the
/// static answer, with no authentication, no JSON and no envelope.
/// </summary>
public static class CeilingApp
{
    /// <summary>What <c>GET /same-size</c> answers: set to a real answer's bytes, for an answer of the same size at no cost.</summary>
    public static byte[] StaticAnswer { get; set; } = [];

    /// <summary>The database <c>GET /same-size-read</c> reads: Plaudit's SQLite file, and the shop whose reviews it lists.</summary>
    public static (string ConnectionString, long ShopId, int Products)? ReadDatabase { get; set; }

    /// <summary>The shop whose <c>reviews</c> table <c>POST /insert-review</c> adds to, in <see cref="ReadDatabase"/>'s file.</summary>
    public static long WriteShopId { get; set; }

    // One review row with today's schema (the table and its indexes), nothing else: the floor of any review write.
    private const string InsertReview =
        "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; " +
        "INSERT INTO reviews (shop_id, product_id, rating, author, author_email, author_phone, author_country, title, content, commented_at, " +
        "item_type, order_id, variant_id, source, is_verified, is_featured, is_published, is_top, tag, media_type, media, has_media, created_at, updated_at) " +
        "VALUES ($shop, $product, 5, 'Shopper', $email, '', '', 'Review', $content, $at, 'product', '', '', 'storefront', 0, 0, 1, 0, '', 0, '[]', 0, $at, $at);";

    // get_reviews' statements for one product, page 1 of 20, as ReviewListReader writes them.
    private const string PageQuery =
        $"SELECT {ReviewListReader.Columns} " +
        "FROM reviews r LEFT JOIN products p ON p.shop_id = r.shop_id AND p.id = r.product_id " +
        "WHERE r.shop_id = $shop AND r.product_id = $product ORDER BY r.created_at DESC, r.id DESC LIMIT 20 OFFSET 0; " +
        "SELECT COUNT(*) FROM reviews r WHERE r.shop_id = $shop AND r.product_id = $product;";

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
        app.MapGet("/same-size-read", async () =>
        {
            var (readConnectionString, shopId, products) = ReadDatabase ?? throw new InvalidOperationException("No database to read.");
            await using var connection = new SqliteConnection(readConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = PageQuery;
            command.Parameters.AddWithValue("$shop", shopId);
            command.Parameters.AddWithValue("$product", ReviewSeeder.ProductId(Random.Shared.Next(products)));
            await using var reader = await command.ExecuteReaderAsync();
            var values = new object[reader.FieldCount];
            do
            {
                while (await reader.ReadAsync())
                {
                    reader.GetValues(values);
                }
            }
            while (await reader.NextResultAsync());
            return TypedResults.Bytes(StaticAnswer, "application/json");
        });
        app.MapPost("/insert-review", async (HttpRequest request) =>
        {
            var (writeConnectionString, _, products) = ReadDatabase ?? throw new InvalidOperationException("No database to write.");
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            await using var connection = new SqliteConnection(writeConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = InsertReview;
            command.Parameters.AddWithValue("$shop", WriteShopId);
            command.Parameters.AddWithValue("$product", ReviewSeeder.ProductId(Random.Shared.Next(products)));
            command.Parameters.AddWithValue("$email", $"shopper{Random.Shared.Next()}@example.com");
            command.Parameters.AddWithValue("$content", body);
            command.Parameters.AddWithValue("$at", DateTime.UtcNow);
            await command.ExecuteNonQueryAsync();
            return TypedResults.StatusCode(StatusCodes.Status202Accepted);
        });
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
