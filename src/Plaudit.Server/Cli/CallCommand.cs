using System.CommandLine;
using System.Text.Json;
using Plaudit.Client;

namespace Plaudit.Server.Cli;

/// <summary>
/// <c>plaudit call METHOD PATH [key=value ...] [--body JSON] --public-token T --private-token K [--url URL]</c>:
/// signs the request exactly as the spec says and prints the response.
/// </summary>
public static class CallCommand
{
    public static Command Create()
    {
        var method = new Argument<string>("METHOD") { Description = "GET, POST, PUT or DELETE" };
        var path = new Argument<string>("PATH") { Description = "e.g. /api/v1/openapi/get_reviews (or just get_reviews)" };
        var parameters = new Argument<string[]>("PARAMS") { Description = "Query parameters as key=value", Arity = ArgumentArity.ZeroOrMore };
        var body = new Option<string?>("--body") { Description = "The raw JSON body, sent and signed byte for byte" };
        var publicToken = new Option<string>("--public-token") { Description = "The shop's public token", Required = true };
        var privateToken = new Option<string>("--private-token") { Description = "The shop's private token", Required = true };
        var url = new Option<string>("--url") { Description = "The server's base URL", DefaultValueFactory = _ => "http://localhost:5000" };

        var command = new Command("call", "Make a signed Open API call and print the response");
        command.Arguments.Add(method);
        command.Arguments.Add(path);
        command.Arguments.Add(parameters);
        command.Options.Add(body);
        command.Options.Add(publicToken);
        command.Options.Add(privateToken);
        command.Options.Add(url);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var query = new List<KeyValuePair<string, string>>();
            foreach (var pair in parseResult.GetValue(parameters) ?? [])
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    Console.Error.WriteLine($"Parameters must be key=value, got '{pair}'.");
                    return 2;
                }
                query.Add(new(pair[..eq], pair[(eq + 1)..]));
            }
            var relative = parseResult.GetValue(path)!;
            if (!relative.StartsWith('/'))
            {
                relative = "/api/v1/openapi/" + relative;
            }

            using var client = new PlauditClient(new Uri(parseResult.GetValue(url)!), parseResult.GetValue(publicToken)!, parseResult.GetValue(privateToken)!);
            try
            {
                var response = await client.SendAsync(new HttpMethod(parseResult.GetValue(method)!.ToUpperInvariant()), relative, query, parseResult.GetValue(body), cancellationToken);
                Console.WriteLine(Pretty(response.Raw));
                return response.HttpStatus == 200 && IsSuccess(response) ? 0 : 1;
            }
            catch (HttpRequestException ex)
            {
                Console.Error.WriteLine($"Could not reach {parseResult.GetValue(url)}: {ex.Message}");
                return 3;
            }
        });
        return command;
    }

    private static bool IsSuccess(ApiEnvelope response)
    {
        try
        {
            return response.Code == 0;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private static string Pretty(string raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw);
            return CliJson.Serialize(document.RootElement);
        }
        catch (JsonException)
        {
            return raw;
        }
    }
}
