using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Media;

/// <summary>
/// Two servers whose upload URLs are on a real-looking https address, as in production (the shared
/// servers' own address is plain http, where every external URL is refused anyway): the local
/// provider under <c>PublicUrl</c> (set without a trailing slash), and an S3 store read through a CDN
/// with a path. The S3 one never talks to a store: nothing it is asked here needs one.
/// </summary>
public sealed class MediaUrlServers : IAsyncLifetime
{
    public const string PublicUrl = "https://reviews.example.com";
    public const string CdnUrl = "https://cdn.example.com/media";

    public PlauditServer Local { get; private set; } = null!;
    public PlauditServer S3 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Local = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, TestSettings.Shared.With(("PublicUrl", PublicUrl)));
        S3 = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, TestSettings.Shared.With(
            ("Media:Provider", "s3"),
            ("Media:S3Store:ServiceUrl", "https://s3.example.com"),
            ("Media:S3Store:Bucket", "plaudit-media"),
            ("Media:S3Store:AccessKey", "unused"),
            ("Media:S3Store:SecretKey", "unused"),
            ("Media:S3Store:PublicUrl", CdnUrl)));
    }

    public async Task DisposeAsync()
    {
        await Local.DisposeAsync();
        await S3.DisposeAsync();
    }
}
