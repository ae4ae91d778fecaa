using System.Text.Json;
using Plaudit.Server.OpenApi;

namespace Plaudit.Server.Cli;

public static class CliJson
{
    private static readonly JsonSerializerOptions Indented = new(OpenApiJson.Options) { WriteIndented = true };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Indented);
}
