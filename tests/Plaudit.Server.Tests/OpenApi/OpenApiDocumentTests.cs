using System.Net;
using System.Text.Json;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.OpenApi;

[Collection(ServerCollection.Name)]
public sealed class OpenApiDocumentTests(Servers servers)
{
    [Fact]
    public async Task Document_describes_every_endpoint_with_schemas_and_hmac_headers()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        using var document = JsonDocument.Parse(await server.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");
        string[] expected = ["get_reviews", "get_review", "get_rating", "create_review", "delete_review", "get_orders",
            "get_customer_events", "get_customer_excludes", "create_customer_exclude", "delete_customer_exclude", "email_unsubscribe"];
        foreach (var name in expected)
        {
            var path = paths.GetProperty("/api/v1/openapi/" + name);
            var operation = path.EnumerateObject().Single().Value;
            var headers = operation.GetProperty("parameters").EnumerateArray()
                .Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString());
            Assert.Equal(["Public-Token", "Timestamp", "Sign"], headers);
            var response = operation.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
            Assert.StartsWith("#/components/schemas/EnvelopeOf", response.GetProperty("$ref").GetString(), StringComparison.Ordinal);
            if (path.TryGetProperty("post", out var post))
            {
                Assert.True(post.TryGetProperty("requestBody", out _), $"{name} documents no request body");
            }
        }

        var reviewSchema = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("ReviewJson").GetProperty("properties");
        Assert.True(reviewSchema.TryGetProperty("author_email", out _));
        Assert.True(reviewSchema.TryGetProperty("is_verified", out _));
        var listParameters = paths.GetProperty("/api/v1/openapi/get_reviews").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("product_ids", listParameters);
        Assert.Contains("page_size", listParameters);
    }

    [Fact]
    public async Task Document_describes_the_shoplazza_and_truto_shaped_webhook_apis()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        using var document = JsonDocument.Parse(await server.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");
        var shoplazza = paths.GetProperty("/openapi/2022-01/webhooks");
        Assert.True(shoplazza.TryGetProperty("post", out var create));
        Assert.True(create.TryGetProperty("requestBody", out _));
        Assert.True(shoplazza.TryGetProperty("get", out _));
        var one = paths.GetProperty("/openapi/2022-01/webhooks/{id}");
        Assert.True(one.TryGetProperty("put", out _));
        Assert.True(one.TryGetProperty("delete", out _));
        Assert.True(paths.GetProperty("/webhook").TryGetProperty("post", out var trutoCreate));
        Assert.True(trutoCreate.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(paths.GetProperty("/webhook/{id}").TryGetProperty("patch", out _));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("TrutoWebhookJson").GetProperty("properties").TryGetProperty("event_types", out _));
        Assert.True(schemas.GetProperty("ShoplazzaWebhookJson").GetProperty("properties").TryGetProperty("address", out _));
    }

    [Fact]
    public async Task Interactive_reference_is_served_at_docs()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        using var response = await server.Http.GetAsync(new Uri("/docs/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        using var script = await server.Http.GetAsync(new Uri("/docs/scalar.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }
}
