using System.Text.Json;

namespace Plaudit.Server.Tests.Infrastructure;

public static class EnvelopeAssertions
{
    public static async Task<JsonElement> ReadEnvelopeAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static int Code(this JsonElement envelope) => envelope.GetProperty("code").GetInt32();

    public static string Message(this JsonElement envelope) => envelope.GetProperty("message").GetString()!;

    /// <summary>Asserts an error envelope with <paramref name="code"/> whose message mentions <paramref name="mentions"/>.</summary>
    public static void AssertError(this JsonElement envelope, int code, string? mentions = null)
    {
        Assert.True(envelope.Code() == code, $"expected code {code}, got: {envelope}");
        Assert.Equal(code, envelope.GetProperty("reason_code").GetInt32());
        Assert.Equal(JsonValueKind.Null, envelope.GetProperty("data").ValueKind);
        if (mentions is not null)
        {
            Assert.Contains(mentions, envelope.Message(), StringComparison.Ordinal);
        }
    }

    public static JsonElement AssertOk(this JsonElement envelope)
    {
        Assert.True(envelope.Code() == 0, $"expected code 0, got: {envelope}");
        return envelope.GetProperty("data");
    }

    public static JsonElement AssertOk(this Plaudit.Client.ApiEnvelope envelope)
    {
        Assert.True(envelope.HttpStatus == 200 && envelope.Code == 0, $"expected success, got HTTP {envelope.HttpStatus}: {envelope.Raw}");
        return envelope.Data.Clone();
    }

    public static void AssertError(this Plaudit.Client.ApiEnvelope envelope, int code, string? mentions = null) =>
        envelope.Root.AssertError(code, mentions);
}
