namespace Plaudit.Server.Tests.Infrastructure;

/// <summary>
/// Fast webhooks with the settings a production node starts with: private networks refused. The
/// environment is named, so a developer's <c>ASPNETCORE_ENVIRONMENT=Development</c> cannot loosen a
/// test that proves a refusal.
/// </summary>
public static class SecureWebhookSettings
{
    public static readonly IReadOnlyDictionary<string, string> Default = TestSettings.FastWebhooks
        .Where(s => s.Key != "Webhooks:AllowPrivateNetworks")
        .ToDictionary()
        .With(("environment", "Production"));
}
