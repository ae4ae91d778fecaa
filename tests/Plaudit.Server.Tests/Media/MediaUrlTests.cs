using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Media;

/// <summary>
/// A review's media URL is one of Plaudit's uploads (then it must be the shop's own, and, for the
/// local provider, exist) or another site's. The decision is made on the URL as a browser and the
/// server that answers it read it: scheme and host in any case, the default port written or not,
/// the path decoded and its dot segments resolved. A spelling must not turn another shop's upload
/// into "another site's media", nor a look-alike host into Plaudit's.
/// </summary>
public sealed class MediaUrlTests(MediaUrlServers servers) : IClassFixture<MediaUrlServers>
{
    private const string Api = "/api/v1/openapi/";

    [Theory]
    [InlineData("https://reviews.example.com/media/files/{other}")]
    [InlineData("HTTPS://REVIEWS.EXAMPLE.COM/media/files/{other}")]
    [InlineData("https://reviews.example.com:443/media/files/{other}")]
    [InlineData("https://Reviews.Example.com./media/files/{other}")]
    [InlineData("https://someone@reviews.example.com/media/files/{other}")]
    [InlineData("https://reviews.example.com/MEDIA/Files/{other}")]
    [InlineData("https://reviews.example.com/media/%66iles/{other}")]
    [InlineData("https://reviews.example.com/media/files/s{own}/../{other}")]
    [InlineData("https://reviews.example.com/media/files/s{own}/%2e%2e/{other}")]
    [InlineData("https://reviews.example.com/media/files/s{own}%2F..%2F{other}")]
    [InlineData("https://reviews.example.com:8443/media/files/{other}")]
    [InlineData("http://reviews.example.com/media/files/{other}")]
    public async Task Another_shops_upload_is_refused_however_its_url_is_spelled(string spelling)
    {
        var server = servers.Local;
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();
        var othersKey = await UploadVideoAsync(server, other);

        var url = Spell(spelling, shop, othersKey);
        (await shop.Client.PostAsync(Api + "create_review", Review(url))).AssertError(3, "another shop's upload");
    }

    [Theory]
    [InlineData("https://reviews.example.com/media/files/{key}")]
    [InlineData("HTTPS://REVIEWS.EXAMPLE.COM/media/files/{key}")]
    [InlineData("https://reviews.example.com:443/media/files/{key}")]
    [InlineData("https://reviews.example.com./media/files/{key}")]
    [InlineData("https://reviews.example.com/media/%66iles/{key}")]
    public async Task The_shops_own_upload_is_recognised_however_its_url_is_spelled_and_must_exist(string spelling)
    {
        var server = servers.Local;
        var shop = await server.CreateShopAsync();
        var uploaded = await UploadVideoAsync(server, shop);
        var neverUploaded = (await shop.Client.GetAsync(Api + "get_video_upload_url", [new("file_name", "clip.mp4")])).AssertOk().GetProperty("key").GetString()!;

        var accepted = (await shop.Client.PostAsync(Api + "create_review", Review(Spell(spelling, shop, uploaded)))).AssertOk();
        Assert.Equal(Spell(spelling, shop, uploaded), accepted.GetProperty("media")[0].GetProperty("url").GetString());
        (await shop.Client.PostAsync(Api + "create_review", Review(Spell(spelling, shop, neverUploaded)))).AssertError(3, "nothing was uploaded there");
    }

    [Theory]
    [InlineData("http://reviews.example.com/media/files/{key}")]
    [InlineData("https://reviews.example.com:8443/media/files/{key}")]
    public async Task The_shops_own_upload_under_another_scheme_or_port_is_refused(string spelling)
    {
        var server = servers.Local;
        var shop = await server.CreateShopAsync();
        var uploaded = await UploadVideoAsync(server, shop);

        (await shop.Client.PostAsync(Api + "create_review", Review(Spell(spelling, shop, uploaded)))).AssertError(3, "must use the uploads' own address, https://reviews.example.com/media/files/");
    }

    [Theory]
    [InlineData("https://reviews.example.com.evil.example/media/files/{other}")]
    [InlineData("https://reviews.example.com@evil.example/media/files/{other}")]
    [InlineData("https://reviews.example.comevil.example/media/files/{other}")]
    [InlineData("https://evil.example/reviews.example.com/media/files/{other}")]
    [InlineData("https://reviews.example.com/media/filesx/{other}")]
    [InlineData("https://reviews.example.com/media/{other}")]
    public async Task A_url_that_only_looks_like_plaudits_uploads_is_another_sites_media(string spelling)
    {
        var server = servers.Local;
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();
        var othersKey = await UploadVideoAsync(server, other);

        var url = Spell(spelling, shop, othersKey);
        var accepted = (await shop.Client.PostAsync(Api + "create_review", Review(url))).AssertOk();
        Assert.Equal(url, accepted.GetProperty("media")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task A_storefront_submission_cannot_carry_another_shops_upload_by_respelling_its_url()
    {
        var server = servers.Local;
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();
        var othersKey = await UploadVideoAsync(server, other);

        using var refused = await server.Http.PostAsJsonAsync(QueryHelpers.AddQueryString("/storefront/v1/reviews", "public_token", shop.PublicToken),
            new { product_id = "P1", rating = 5, author = "Eve", author_email = "eve@example.com", content = "Look.", media = new[] { $"HTTPS://Reviews.Example.com:443/media/files/{othersKey}" } });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("another shop's upload", (await refused.ReadEnvelopeAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>An S3 store never says whether an object exists, so the URL alone must keep a shop inside its own prefix.</summary>
    [Theory]
    [InlineData("https://cdn.example.com/media/{other}")]
    [InlineData("https://cdn.example.com/media/s{own}/../{other}")]
    [InlineData("https://cdn.example.com/media/s{own}/%2E%2E/{other}")]
    [InlineData("https://cdn.example.com/media/s{own}/.%2e/{other}")]
    [InlineData("https://cdn.example.com/media/s{own}%2F..%2F{other}")]
    [InlineData("HTTPS://CDN.EXAMPLE.COM:443/media/{other}")]
    [InlineData("https://cdn.example.com/Media/{other}")]
    public async Task With_an_s3_store_a_url_that_leaves_the_shops_prefix_is_another_shops_upload(string spelling)
    {
        var shop = await servers.S3.CreateShopAsync();
        var othersKey = $"s{shop.Id + 1}/videos/{Guid.NewGuid():N}.mp4";

        (await shop.Client.PostAsync(Api + "create_review", Review(Spell(spelling, shop, othersKey)))).AssertError(3, "another shop's upload");
    }

    [Theory]
    [InlineData("https://cdn.example.com/media/{key}")]
    [InlineData("HTTPS://CDN.EXAMPLE.COM:443/media/{key}")]
    [InlineData("https://cdn.example.com/media-other/{other}")]
    [InlineData("https://cdn.example.comevil.example/media/{other}")]
    public async Task With_an_s3_store_the_shops_own_prefix_and_other_sites_are_accepted(string spelling)
    {
        var shop = await servers.S3.CreateShopAsync();
        var url = spelling
            .Replace("{key}", $"s{shop.Id}/videos/{Guid.NewGuid():N}.mp4", StringComparison.Ordinal)
            .Replace("{other}", $"s{shop.Id + 1}/videos/{Guid.NewGuid():N}.mp4", StringComparison.Ordinal);

        (await shop.Client.PostAsync(Api + "create_review", Review(url))).AssertOk();
    }

    /// <summary>PUTs a video with the shop's upload URL (on <c>PublicUrl</c>, so sent to the server's own address) and gives its key.</summary>
    private static async Task<string> UploadVideoAsync(PlauditServer server, TestShop shop)
    {
        var upload = (await shop.Client.GetAsync(Api + "get_video_upload_url", [new("file_name", "clip.mp4")])).AssertOk();
        using var put = await server.Http.PutAsync(new Uri(upload.GetProperty("upload_url").GetString()!).PathAndQuery, new ByteArrayContent(MediaSamples.Mp4()));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return upload.GetProperty("key").GetString()!;
    }

    private static string Spell(string spelling, TestShop shop, string key) =>
        spelling.Replace("{own}", shop.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{other}", key, StringComparison.Ordinal)
            .Replace("{key}", key, StringComparison.Ordinal);

    private static object Review(string videoUrl) => new { rating = 4, author = "Al", product_id = "P1", media = new[] { new { url = videoUrl, type = 2 } } };
}
