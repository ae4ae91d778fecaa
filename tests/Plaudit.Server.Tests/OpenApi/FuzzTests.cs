using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Plaudit.Client;
using Plaudit.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Plaudit.Server.Tests.OpenApi;

/// <summary>
/// Bounded randomized bad input against every operation of <c>/openapi/v1.json</c>, validly signed
/// and not: never a 5xx, the envelope on every Open API path, no stack trace, the server alive after.
/// The seed is printed (and named in every failure); <c>PLAUDIT_FUZZ_SEED</c> replays one.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class FuzzTests(Servers servers, ITestOutputHelper output)
{
    private const int RequestsPerOperation = 24;

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Bad_input_to_every_operation_never_gets_a_5xx_or_a_stack_trace(DatabaseProvider provider)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PLAUDIT_FUZZ_SEED"), CultureInfo.InvariantCulture, out var fixedSeed)
            ? fixedSeed
            : Random.Shared.Next();
        output.WriteLine($"fuzz seed {seed} (replay with PLAUDIT_FUZZ_SEED={seed})");
        var random = new Random(seed);
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync("Fuzzed");
        var operations = await OperationsAsync(server);
        Assert.True(operations.Count > 20, $"only {operations.Count} operations found in /openapi/v1.json");

        var failures = new List<string>();
        foreach (var operation in operations)
        {
            for (var i = 0; i < RequestsPerOperation; i++)
            {
                using var request = BadRequest(random, operation, shop);
                var sent = request.Content is null ? "" : await request.Content.ReadAsStringAsync();
                var description = Truncate($"{request.Method} {request.RequestUri}") + " body " + Truncate(sent);
                HttpResponseMessage response;
                try
                {
                    response = await server.Http.SendAsync(request);
                }
                catch (HttpRequestException e)
                {
                    failures.Add($"{description}: connection failed ({e.Message})");
                    continue;
                }
                using (response)
                {
                    var text = await response.Content.ReadAsStringAsync();
                    var problem = request.RequestUri!.OriginalString.Length > 60_000 && (int)response.StatusCode == 414
                        ? null // beyond Kestrel's 64 KB request line: refused before the application sees it
                        : Judge(operation, (int)response.StatusCode, text);
                    if (problem is not null)
                    {
                        failures.Add($"{description}: {problem}; got HTTP {(int)response.StatusCode} {Truncate(text)}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} bad answers:\n" + string.Join("\n", failures.Take(20)));
        Assert.Equal(200, (int)(await server.Http.GetAsync("/healthz")).StatusCode);
        (await shop.Client.GetAsync("/api/v1/openapi/get_reviews")).AssertOk();
    }

    private static string? Judge(Operation operation, int status, string text)
    {
        if (status >= 500)
        {
            return "a 5xx";
        }
        foreach (var leak in new[] { "   at ", "Exception", "StackTrace", "stack trace" })
        {
            if (text.Contains(leak, StringComparison.Ordinal))
            {
                return $"'{leak}' in the answer";
            }
        }
        if (!operation.Path.StartsWith("/api/v1/openapi/", StringComparison.Ordinal) || status == 302)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Number
                || !root.TryGetProperty("request_id", out _) || !root.TryGetProperty("message", out _))
            {
                return "not the envelope";
            }
            if (code.GetInt32() == 13)
            {
                return "code 13, an unhandled error";
            }
            return null;
        }
        catch (JsonException)
        {
            return "not JSON";
        }
    }

    private static HttpRequestMessage BadRequest(Random random, Operation operation, TestShop shop)
    {
        var path = operation.Path;
        foreach (var parameter in operation.PathParameters)
        {
            path = path.Replace("{" + parameter + "}", Uri.EscapeDataString(BadText(random)), StringComparison.Ordinal);
        }
        var query = new List<KeyValuePair<string, string>>();
        foreach (var name in operation.QueryParameters.Where(_ => random.Next(3) > 0))
        {
            query.Add(new(name, BadText(random)));
            if (random.Next(6) == 0)
            {
                query.Add(new(name, BadText(random)));
            }
        }
        if (random.Next(5) == 0)
        {
            query.Add(new(BadText(random), BadText(random)));
        }
        var queryText = string.Join('&', query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));
        var body = operation.HasBody || random.Next(8) == 0 ? BadBody(random, operation.BodyProperties) : [];

        var request = new HttpRequestMessage(new HttpMethod(operation.Method), queryText.Length == 0 ? path : path + "?" + queryText);
        if (body.Length > 0 || operation.HasBody)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = random.Next(6) == 0
                ? new MediaTypeHeaderValue(random.Next(2) == 0 ? "text/plain" : "application/x-www-form-urlencoded")
                : new MediaTypeHeaderValue("application/json");
        }

        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        switch (random.Next(6))
        {
            case 0:
                break; // no credentials at all
            case 1:
                request.Headers.TryAddWithoutValidation("Public-Token", BadHeader(random));
                request.Headers.TryAddWithoutValidation("Timestamp", random.Next(2) == 0 ? BadHeader(random) : "99999999999999999999999");
                request.Headers.TryAddWithoutValidation("Sign", BadHeader(random));
                break;
            case 2:
                request.Headers.TryAddWithoutValidation("Authorization", random.Next(2) == 0 ? "Bearer " + BadHeader(random) : BadHeader(random));
                break;
            default:
                // Validly signed: the input gets past authentication to the handlers.
                request.Headers.TryAddWithoutValidation("Public-Token", shop.PublicToken);
                request.Headers.TryAddWithoutValidation("Timestamp", timestamp);
                request.Headers.TryAddWithoutValidation("Sign", OpenApiSignature.Sign(shop.PrivateToken, QueryParameters.Parse(queryText), timestamp, body));
                request.Headers.TryAddWithoutValidation("Access-Token", random.Next(10) == 0 ? BadHeader(random) : null);
                break;
        }
        return request;
    }

    private static byte[] BadBody(Random random, IReadOnlyList<string> properties)
    {
        switch (random.Next(9))
        {
            case 0:
                return Encoding.UTF8.GetBytes("{\"a\":" + new string('[', 2000) + new string(']', 2000) + "}");
            case 1:
                return Encoding.UTF8.GetBytes(MalformedJson[random.Next(MalformedJson.Length)]);
            case 2:
                return [0xff, 0xfe, 0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d];
            case 3:
                return Encoding.UTF8.GetBytes(random.Next(2) == 0 ? "[1,2,3]" : random.Next(2) == 0 ? "\"text\"" : "42");
            default:
                var json = new StringBuilder("{");
                var names = properties.Count > 0 ? properties : ["id", "rating"];
                var count = random.Next(1, names.Count + 2);
                for (var i = 0; i < count; i++)
                {
                    var name = random.Next(8) == 0 ? BadText(random) : names[random.Next(names.Count)];
                    json.Append(i == 0 ? "" : ",").Append(JsonSerializer.Serialize(name)).Append(':').Append(BadJsonValue(random));
                }
                return Encoding.UTF8.GetBytes(json.Append('}').ToString());
        }
    }

    private static readonly string[] MalformedJson = ["{", "{\"id\":", "[1,2", "nul", "\"unterminated", "{\"a\":1,}", "{'a':1}", ""];

    private static string BadJsonValue(Random random) => random.Next(15) switch
    {
        0 => "null",
        1 => "true",
        2 => "-1",
        3 => "1e400",
        4 => "99999999999999999999999999",
        5 => "0.5",
        6 => "[]",
        7 => "{\"nested\":{\"deeper\":[1,{\"x\":null}]}}",
        8 => "\"\\ud800\"",
        9 => "[\"" + new string('x', 70_000) + "\"]",
        10 => "[null]",
        11 => "[{},null,[]]",
        12 => "{}",
        _ => JsonSerializer.Serialize(BadText(random)),
    };

    private static string BadText(Random random) => random.Next(14) switch
    {
        0 => "",
        1 => "-1",
        2 => "0",
        3 => "99999999999999999999999999",
        4 => "1.5",
        5 => new string('9', 400),
        6 => new string('a', random.Next(1_000, 6_000)),
        7 => "\u202e\u0000\ufeff\U0001F600",
        8 => "'; DROP TABLE reviews; --",
        9 => "<script>alert(1)</script>",
        10 => "../../etc/passwd",
        11 => "%00%ZZ",
        12 => "true",
        _ => "2026-13-45T25:61:61Z",
    };

    /// <summary>Bad text that HTTP/1.1 can carry in a header: ASCII without control characters.</summary>
    private static string BadHeader(Random random) =>
        new(BadText(random).Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private sealed record Operation(string Method, string Path, IReadOnlyList<string> PathParameters, IReadOnlyList<string> QueryParameters, bool HasBody, IReadOnlyList<string> BodyProperties);

    private static async Task<List<Operation>> OperationsAsync(PlauditServer server)
    {
        using var document = JsonDocument.Parse(await server.Http.GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        var operations = new List<Operation>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                if (method.Name is "parameters" or "summary" or "description")
                {
                    continue;
                }
                var pathParameters = new List<string>();
                var queryParameters = new List<string>();
                if (method.Value.TryGetProperty("parameters", out var parameters))
                {
                    foreach (var parameter in parameters.EnumerateArray())
                    {
                        var name = parameter.GetProperty("name").GetString()!;
                        switch (parameter.GetProperty("in").GetString())
                        {
                            case "path": pathParameters.Add(name); break;
                            case "query": queryParameters.Add(name); break;
                        }
                    }
                }
                var bodyProperties = new List<string>();
                var hasBody = method.Value.TryGetProperty("requestBody", out var requestBody);
                if (hasBody && requestBody.TryGetProperty("content", out var content))
                {
                    foreach (var media in content.EnumerateObject())
                    {
                        if (media.Value.TryGetProperty("schema", out var schema))
                        {
                            bodyProperties.AddRange(Properties(root, schema));
                        }
                    }
                }
                operations.Add(new Operation(method.Name.ToUpperInvariant(), path.Name, pathParameters, queryParameters, hasBody, bodyProperties.Distinct().ToList()));
            }
        }
        return operations;
    }

    private static List<string> Properties(JsonElement root, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = root;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                target = target.GetProperty(part);
            }
            schema = target;
        }
        return schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name).ToList() : [];
    }
}
