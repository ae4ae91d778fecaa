using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Plaudit.Server.Media;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Media;

/// <summary>The embedded media provider: Plaudit hands out upload permission, receives the files, checks them, serves them.</summary>
[Collection(ServerCollection.Name)]
public sealed class LocalMediaTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_video_is_uploaded_with_the_presigned_url_and_served_at_its_media_url(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var upload = (await shop.Client.GetAsync(Api + "get_video_upload_url", [new("file_name", "clip.MP4")])).AssertOk();
        Assert.Equal("PUT", upload.GetProperty("method").GetString());
        Assert.EndsWith(".mp4", upload.GetProperty("key").GetString(), StringComparison.Ordinal);
        Assert.Equal(200L * 1024 * 1024, upload.GetProperty("max_bytes").GetInt64());
        var video = MediaSamples.Mp4(300 * 1024);

        using var put = await server.Http.PutAsync(upload.GetProperty("upload_url").GetString(), new ByteArrayContent(video));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var mediaUrl = upload.GetProperty("media_url").GetString()!;
        Assert.Equal(mediaUrl, (await put.ReadEnvelopeAsync()).GetProperty("url").GetString());

        using var served = await server.Http.GetAsync(mediaUrl);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("video/mp4", served.Content.Headers.ContentType!.MediaType);
        Assert.Contains("immutable", served.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.NotNull(served.Headers.ETag);
        Assert.Equal(video, await served.Content.ReadAsByteArrayAsync());

        using var range = new HttpRequestMessage(HttpMethod.Get, mediaUrl);
        range.Headers.Range = new RangeHeaderValue(0, 99);
        using var partial = await server.Http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(video[..100], await partial.Content.ReadAsByteArrayAsync());

        // The review may carry the shop's own upload.
        var review = (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Vi", product_id = "P1", media = new[] { new { url = mediaUrl, type = 2 } } })).AssertOk();
        Assert.Equal(2, review.GetProperty("media_type").GetInt32());
    }

    [Fact]
    public async Task An_image_is_uploaded_with_the_form_policy()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        var policy = (await shop.Client.GetAsync(Api + "get_image_upload_policy_token")).AssertOk();
        var fields = policy.GetProperty("fields").EnumerateObject().ToDictionary(f => f.Name, f => f.Value.GetString()!);
        fields["key"] = policy.GetProperty("dir").GetString() + "photo.jpg";
        var image = MediaSamples.Jpeg();

        using var posted = await server.Http.PostAsync(policy.GetProperty("host").GetString(), Form(fields, image));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var url = (await posted.ReadEnvelopeAsync()).GetProperty("url").GetString()!;
        Assert.Equal(policy.GetProperty("media_url_prefix").GetString() + "photo.jpg", url);
        using var served = await server.Http.GetAsync(url);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal(image, await served.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Uploads_are_refused_when_expired_tampered_oversized_misplaced_or_not_media()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        var upload = (await shop.Client.GetAsync(Api + "get_video_upload_url")).AssertOk();
        var uploadUrl = upload.GetProperty("upload_url").GetString()!;

        // Not a video (checked by content, whatever the header says), and an image where a video was allowed.
        await AssertRefusedAsync(await PutAsync(server, uploadUrl, MediaSamples.Text(), "video/mp4"), HttpStatusCode.UnsupportedMediaType);
        await AssertRefusedAsync(await PutAsync(server, uploadUrl, MediaSamples.Png(), "video/mp4"), HttpStatusCode.UnsupportedMediaType);

        // A tampered policy or signature.
        var query = QueryHelpers.ParseQuery(new Uri(uploadUrl).Query);
        var policyJson = System.Text.Encoding.UTF8.GetString(Base64UrlTextEncoder.Decode(query["policy"]!));
        var bigger = Base64UrlTextEncoder.Encode(System.Text.Encoding.UTF8.GetBytes(policyJson.Replace("209715200", "999999999999", StringComparison.Ordinal)));
        var basePath = uploadUrl[..uploadUrl.IndexOf('?', StringComparison.Ordinal)];
        await AssertRefusedAsync(await PutAsync(server, QueryHelpers.AddQueryString(basePath, new Dictionary<string, string?> { ["policy"] = bigger, ["signature"] = query["signature"] }), MediaSamples.Mp4()), HttpStatusCode.Forbidden, "SignatureDoesNotMatch");
        await AssertRefusedAsync(await PutAsync(server, QueryHelpers.AddQueryString(basePath, new Dictionary<string, string?> { ["policy"] = query["policy"], ["signature"] = "AAAA" + query["signature"].ToString()[4..] }), MediaSamples.Mp4()), HttpStatusCode.Forbidden, "SignatureDoesNotMatch");
        // The same permission used for another key.
        var elsewhere = uploadUrl.Replace("/videos/", "/videos/x", StringComparison.Ordinal);
        await AssertRefusedAsync(await PutAsync(server, elsewhere, MediaSamples.Mp4()), HttpStatusCode.Forbidden, "AccessDenied");

        // Expired: a permission signed by the server, already past.
        var signer = server.Services.GetRequiredService<UploadPolicySigner>();
        var key = $"s{shop.Id}/videos/expired.mp4";
        var (policy, signature) = signer.Sign(new UploadPolicy(shop.Id, key, false, MediaKind.Video, 1000000, DateTimeOffset.UtcNow.AddSeconds(-1)));
        var expired = QueryHelpers.AddQueryString(new Uri(server.BaseAddress, "/media/upload/" + key).ToString(), new Dictionary<string, string?> { ["policy"] = policy, ["signature"] = signature });
        await AssertRefusedAsync(await PutAsync(server, expired, MediaSamples.Mp4()), HttpStatusCode.Forbidden, "expired");

        // Oversized: a permission for at most 10,000 bytes, streamed more than that.
        var smallKey = $"s{shop.Id}/videos/small.mp4";
        var (smallPolicy, smallSignature) = signer.Sign(new UploadPolicy(shop.Id, smallKey, false, MediaKind.Video, 10000, DateTimeOffset.UtcNow.AddMinutes(5)));
        var small = QueryHelpers.AddQueryString(new Uri(server.BaseAddress, "/media/upload/" + smallKey).ToString(), new Dictionary<string, string?> { ["policy"] = smallPolicy, ["signature"] = smallSignature });
        await AssertRefusedAsync(await PutAsync(server, small, MediaSamples.Mp4(20000)), HttpStatusCode.RequestEntityTooLarge);
        using var chunked = new HttpRequestMessage(HttpMethod.Put, small) { Content = new StreamContent(new MemoryStream(MediaSamples.Mp4(20000))) };
        chunked.Headers.TransferEncodingChunked = true;
        await AssertRefusedAsync(await server.Http.SendAsync(chunked), HttpStatusCode.RequestEntityTooLarge);

        // Nothing refused was stored: every key answers 404.
        foreach (var refusedKey in (string[])[key, smallKey, upload.GetProperty("key").GetString()!])
        {
            using var missing = await server.Http.GetAsync("/media/files/" + refusedKey);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // A form upload outside its directory.
        var form = (await shop.Client.GetAsync(Api + "get_image_upload_policy_token")).AssertOk();
        var fields = form.GetProperty("fields").EnumerateObject().ToDictionary(f => f.Name, f => f.Value.GetString()!);
        fields["key"] = $"s{shop.Id}/images/other/photo.jpg";
        await AssertRefusedAsync(await server.Http.PostAsync(form.GetProperty("host").GetString(), Form(fields, MediaSamples.Jpeg())), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Reviews_accept_only_the_shops_own_uploads_or_https_urls()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var owner = await server.CreateShopAsync();
        var stranger = await server.CreateShopAsync();
        var upload = (await owner.Client.GetAsync(Api + "get_video_upload_url")).AssertOk();
        using (var put = await server.Http.PutAsync(upload.GetProperty("upload_url").GetString(), new ByteArrayContent(MediaSamples.Mp4())))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }
        var ownersVideo = upload.GetProperty("media_url").GetString()!;

        (await stranger.Client.PostAsync(Api + "create_review", Review(ownersVideo))).AssertError(3, "another shop's upload");
        var neverUploaded = (await owner.Client.GetAsync(Api + "get_video_upload_url")).AssertOk().GetProperty("media_url").GetString()!;
        (await owner.Client.PostAsync(Api + "create_review", Review(neverUploaded))).AssertError(3, "media[0].url");
        (await owner.Client.PostAsync(Api + "create_review", Review("http://cdn.example.com/v.mp4"))).AssertError(3, "https");
        (await owner.Client.PostAsync(Api + "create_review", Review("https://cdn.example.com/v.mp4"))).AssertOk();
        (await owner.Client.PostAsync(Api + "create_review", Review(ownersVideo))).AssertOk();
    }

    private static object Review(string videoUrl) => new { rating = 4, author = "Al", product_id = "P1", media = new[] { new { url = videoUrl, type = 2 } } };

    private static MultipartFormDataContent Form(Dictionary<string, string> fields, byte[] file)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        form.Add(new ByteArrayContent(file) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "file", "photo.jpg");
        return form;
    }

    private static Task<HttpResponseMessage> PutAsync(PlauditServer server, string url, byte[] body, string contentType = "application/octet-stream") =>
        server.Http.PutAsync(url, new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue(contentType) } });

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string? mentions = null)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {text}");
            if (mentions is not null)
            {
                Assert.Contains(mentions, text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
