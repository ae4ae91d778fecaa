using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Plaudit.Server.Tests.Infrastructure;
using Plaudit.Server.Tests.Media;

namespace Plaudit.Server.Tests.Hosting;

/// <summary>
/// The <c>Host</c> header is the client's word. Every absolute URL Plaudit hands out, and the check
/// that a media URL is one of the shop's own uploads, use <c>PublicUrl</c> (or, unset, the address
/// Plaudit listens on), so a forged Host changes neither.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ForgedHostTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";
    private const string Forged = "evil.example";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_forged_host_changes_no_url_plaudit_hands_out(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var own = server.BaseAddress.ToString();

        var video = await SendAsync(server, SpecSigner.Request(HttpMethod.Get, Api + "get_video_upload_url", shop, [("file_name", "clip.mp4")]));
        Assert.StartsWith(own, video.GetProperty("upload_url").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(own, video.GetProperty("media_url").GetString(), StringComparison.Ordinal);

        var image = await SendAsync(server, SpecSigner.Request(HttpMethod.Get, Api + "get_image_upload_policy_token", shop));
        foreach (var name in (string[])["host", "media_url", "media_url_prefix"])
        {
            Assert.StartsWith(own, image.GetProperty(name).GetString(), StringComparison.Ordinal);
        }

        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri(video.GetProperty("upload_url").GetString()!).PathAndQuery) { Content = new ByteArrayContent(MediaSamples.Mp4()) };
        put.Headers.Host = Forged;
        using (var uploaded = await server.Http.SendAsync(put))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
            Assert.Equal(video.GetProperty("media_url").GetString(), (await uploaded.ReadEnvelopeAsync()).GetProperty("url").GetString());
        }

        var platform = await server.CreatePlatformAsync("https://platform.example.com/system", scopes: ["read_reviews"]);
        using var authorize = new HttpRequestMessage(HttpMethod.Get, $"{Api}get_oauth_authorize_url?client_id={platform.ClientId}&state=s1");
        var authorizeUrl = await SendAsync(server, authorize);
        Assert.StartsWith(own, authorizeUrl.GetProperty("authorize_url").GetString(), StringComparison.Ordinal);

        using var document = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        document.Headers.Host = Forged;
        using var described = await server.Http.SendAsync(document);
        var documented = (await described.ReadEnvelopeAsync()).GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString()).ToList();
        Assert.Equal([own.TrimEnd('/')], documented);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_forged_host_does_not_make_a_url_on_that_host_an_own_upload(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var upload = (await shop.Client.GetAsync(Api + "get_video_upload_url", [new("file_name", "clip.mp4")])).AssertOk();
        using (var put = await server.Http.PutAsync(upload.GetProperty("upload_url").GetString(), new ByteArrayContent(MediaSamples.Mp4())))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }
        var mediaUrl = upload.GetProperty("media_url").GetString()!;
        // The same key on the attacker's host: plain http, so never an acceptable external URL either.
        var onForgedHost = $"http://{Forged}/media/files/{upload.GetProperty("key").GetString()}";

        (await SendEnvelopeAsync(server, SpecSigner.Request(HttpMethod.Post, Api + "create_review", shop, body: Review(onForgedHost)))).AssertError(3, "media[0].url");
        var accepted = await SendAsync(server, SpecSigner.Request(HttpMethod.Post, Api + "create_review", shop, body: Review(mediaUrl)));
        Assert.Equal(mediaUrl, accepted.GetProperty("media")[0].GetProperty("url").GetString());

        using var storefront = new HttpRequestMessage(HttpMethod.Post, QueryHelpers.AddQueryString("/storefront/v1/reviews", "public_token", shop.PublicToken))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { product_id = "P1", rating = 5, author = "Eve", author_email = "eve@example.com", content = "Look.", media = new[] { onForgedHost } }), Encoding.UTF8, "application/json"),
        };
        storefront.Headers.Host = Forged;
        using var refused = await server.Http.SendAsync(storefront);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("media[0]", (await refused.ReadEnvelopeAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_PublicUrl_set_every_url_starts_with_it_whatever_the_host()
    {
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, TestSettings.Shared.With(("PublicUrl", "https://reviews.example.com/")));
        var shop = await server.CreateShopAsync();
        var video = await SendAsync(server, SpecSigner.Request(HttpMethod.Get, Api + "get_video_upload_url", shop));
        Assert.StartsWith("https://reviews.example.com/media/upload/", video.GetProperty("upload_url").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("https://reviews.example.com/media/files/", video.GetProperty("media_url").GetString(), StringComparison.Ordinal);
    }

    private static string Review(string mediaUrl) => JsonSerializer.Serialize(new { rating = 5, author = "Eve", product_id = "P1", media = new[] { new { url = mediaUrl, type = 2 } } });

    private static async Task<JsonElement> SendAsync(PlauditServer server, HttpRequestMessage request) => (await SendEnvelopeAsync(server, request)).AssertOk();

    private static async Task<JsonElement> SendEnvelopeAsync(PlauditServer server, HttpRequestMessage request)
    {
        using (request)
        {
            request.Headers.Host = Forged;
            using var response = await server.Http.SendAsync(request);
            return await response.ReadEnvelopeAsync();
        }
    }
}
