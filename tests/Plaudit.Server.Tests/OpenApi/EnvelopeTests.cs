using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.OpenApi;

[Collection(ServerCollection.Name)]
public sealed class EnvelopeTests(Servers servers)
{
    [Theory, ClassData(typeof(BothProviders))]
    public async Task Success_envelope_has_every_field_of_spec_section_5(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        using var request = SpecSigner.Request(HttpMethod.Get, "/api/v1/openapi/get_rating", shop);
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var envelope = await response.ReadEnvelopeAsync();
        Assert.Equal(0, envelope.GetProperty("code").GetInt32());
        Assert.Equal(0, envelope.GetProperty("reason_code").GetInt32());
        Assert.Equal("success", envelope.GetProperty("message").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Object, envelope.GetProperty("data").ValueKind);
        var requestId = envelope.GetProperty("request_id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", requestId);
        Assert.Equal(requestId, response.Headers.GetValues("X-Request-Id").Single());
        Assert.InRange(envelope.GetProperty("time").GetInt64(), SpecSigner.Now() - 60, SpecSigner.Now() + 60);
    }

    [Fact]
    public async Task Errors_are_http_200_with_the_spec_message_first()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        using var response = await server.Http.GetAsync(new Uri("/api/v1/openapi/get_reviews", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var envelope = await response.ReadEnvelopeAsync();
        envelope.AssertError(16);
        Assert.StartsWith("Sorry, authentication failed.", envelope.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_path_under_openapi_answers_code_5()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        using var request = SpecSigner.Request(HttpMethod.Get, "/api/v1/openapi/get_unicorns", shop);
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        (await response.ReadEnvelopeAsync()).AssertError(5, "get_unicorns");
    }

    [Fact]
    public async Task Wrong_method_answers_the_envelope_not_an_empty_405()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        using var request = SpecSigner.Request(HttpMethod.Delete, "/api/v1/openapi/get_reviews", shop);
        using var response = await server.Http.SendAsync(request);
        (await response.ReadEnvelopeAsync()).AssertError(5, "DELETE");
    }

    [Fact]
    public async Task A_body_sent_as_another_content_type_is_code_3_naming_the_type_to_use()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        using var request = SpecSigner.Request(HttpMethod.Post, "/api/v1/openapi/create_review", shop, body: """{"rating":5,"author":"A"}""");
        request.Content!.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        (await response.ReadEnvelopeAsync()).AssertError(3, "Content-Type: application/json");
    }

    [Fact]
    public async Task Oversized_body_is_rejected_with_code_11()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        var body = "{\"rating\":5,\"author\":\"A\",\"content\":\"" + new string('x', 1_100_000) + "\"}";
        using var request = SpecSigner.Request(HttpMethod.Post, "/api/v1/openapi/create_review", shop, body: body);
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        (await response.ReadEnvelopeAsync()).AssertError(11, "bytes");
    }

    [Fact]
    public async Task Oversized_chunked_body_without_content_length_is_rejected_with_code_11()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        using var request = SpecSigner.Request(HttpMethod.Post, "/api/v1/openapi/create_review", shop, body: "{}");
        request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', 1_200_000))));
        request.Headers.TransferEncodingChunked = true;
        (await (await server.Http.SendAsync(request)).ReadEnvelopeAsync()).AssertError(11);
    }

    [Fact]
    public async Task Unhandled_exception_answers_code_13_without_details()
    {
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, configure: app =>
            app.MapGet("/api/v1/openapi/test_explode", (HttpContext _) => ThrowSecret()));
        using var response = await server.Http.GetAsync(new Uri("/api/v1/openapi/test_explode", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret-detail", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        (await response.ReadEnvelopeAsync()).AssertError(13);
    }

    private static string ThrowSecret() => throw new InvalidOperationException("secret-detail");
}
