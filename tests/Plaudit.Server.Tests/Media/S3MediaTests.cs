using System.Net;
using System.Net.Http.Headers;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Media;

/// <summary>The S3-compatible provider against a real S3-protocol server (s3rver): the URLs Plaudit hands out work, and only as signed.</summary>
public sealed class S3MediaTests : IAsyncLifetime
{
    private const string Api = "/api/v1/openapi/";
    private S3rverProcess _s3 = null!;
    private PlauditServer _server = null!;

    public async Task InitializeAsync()
    {
        _s3 = await S3rverProcess.StartAsync();
        _server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, _s3.PlauditSettings.With(("Media:MaxImageBytes", "20000")));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _s3.DisposeAsync();
    }

    [Fact]
    public async Task A_video_goes_to_the_bucket_with_the_presigned_url()
    {
        var shop = await _server.CreateShopAsync();
        var video = MediaSamples.Mp4(200 * 1024);
        var upload = (await shop.Client.GetAsync(Api + "get_video_upload_url", [new("file_name", "clip.mp4"), new("file_size", video.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))])).AssertOk();
        var uploadUrl = upload.GetProperty("upload_url").GetString()!;
        Assert.StartsWith(_s3.ServiceUrl + S3rverProcess.Bucket + "/", uploadUrl, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Signature=", uploadUrl, StringComparison.Ordinal);
        using var http = new HttpClient();

        using (var put = await http.SendAsync(SignedPut(uploadUrl, upload, video)))
        {
            Assert.True(put.IsSuccessStatusCode, $"{put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
        }
        using var served = await http.GetAsync(upload.GetProperty("media_url").GetString());
        Assert.Equal(video, await served.Content.ReadAsByteArrayAsync());

        // The review may carry it: it is under the shop's prefix of the bucket.
        (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Sy", product_id = "P1", media = new[] { new { url = upload.GetProperty("media_url").GetString(), type = 2 } } })).AssertOk();
    }

    [Fact]
    public async Task An_expired_presigned_url_is_refused_by_the_store()
    {
        // The store judges expiry by its own clock, which no fake clock in Plaudit can move. So the URL
        // lives a second, and the test asks the store until it calls the URL expired, with a GET (which
        // stores nothing); then the real upload.
        await using var shortLived = await PlauditServer.StartSecondNodeAsync(_server, _s3.PlauditSettings.With(("Media:UploadLifetime", "00:00:01")));
        var shop = await shortLived.CreateShopAsync();
        var video = MediaSamples.Mp4();
        var upload = (await shop.Client.GetAsync(Api + "get_video_upload_url", [new("file_size", video.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))])).AssertOk();
        var url = upload.GetProperty("upload_url").GetString()!;
        using var http = new HttpClient();
        await Eventually.WaitFor(async () =>
        {
            using var probe = await http.GetAsync(url);
            return (await probe.Content.ReadAsStringAsync()).Contains("expired", StringComparison.Ordinal) ? true : (bool?)null;
        });
        using var refused = await http.SendAsync(SignedPut(url, upload, video));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("expired", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// s3rver stores what the form sends but does not check V4 POST policies, so the policy and its
    /// signature are checked here, by an independent Signature V4 computation.
    /// </summary>
    [Fact]
    public async Task The_image_form_policy_is_a_valid_signature_v4_policy_bounded_to_the_shops_directory_and_size()
    {
        var shop = await _server.CreateShopAsync();
        var token = (await shop.Client.GetAsync(Api + "get_image_upload_policy_token")).AssertOk();
        var fields = token.GetProperty("fields");
        var encoded = fields.GetProperty("policy").GetString()!;
        using var policy = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(encoded));
        var conditions = policy.RootElement.GetProperty("conditions").EnumerateArray().Select(c => c.GetRawText()).ToList();
        var dir = token.GetProperty("dir").GetString()!;
        Assert.StartsWith($"s{shop.Id}/images/", dir, StringComparison.Ordinal);
        Assert.Contains($"[\"starts-with\",\"$key\",\"{dir}\"]", conditions);
        Assert.Contains("[\"content-length-range\",1,20000]", conditions);
        Assert.Contains($"{{\"bucket\":\"{S3rverProcess.Bucket}\"}}", conditions);
        var expiration = DateTimeOffset.Parse(policy.RootElement.GetProperty("expiration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiration, DateTimeOffset.UtcNow.AddMinutes(10), DateTimeOffset.UtcNow.AddMinutes(16));

        var credential = fields.GetProperty("x-amz-credential").GetString()!.Split('/');
        Assert.Equal([S3rverProcess.AccessKey, DateTime.UtcNow.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), "us-east-1", "s3", "aws4_request"], credential);
        var key = Hmac(System.Text.Encoding.UTF8.GetBytes("AWS4" + S3rverProcess.SecretKey), credential[1]);
        foreach (var part in credential[2..])
        {
            key = Hmac(key, part);
        }
        Assert.Equal(Convert.ToHexString(Hmac(key, encoded)).ToLowerInvariant(), fields.GetProperty("x-amz-signature").GetString());
    }

    private static byte[] Hmac(byte[] key, string data)
    {
        using var hmac = new System.Security.Cryptography.HMACSHA256(key);
        return hmac.ComputeHash(System.Text.Encoding.UTF8.GetBytes(data));
    }

    [Fact]
    public async Task An_image_goes_to_the_bucket_with_the_form_policy()
    {
        var shop = await _server.CreateShopAsync();
        var policy = (await shop.Client.GetAsync(Api + "get_image_upload_policy_token")).AssertOk();
        var fields = policy.GetProperty("fields").EnumerateObject().ToDictionary(f => f.Name, f => f.Value.GetString()!);
        using var http = new HttpClient();
        var host = policy.GetProperty("host").GetString()!;
        var image = MediaSamples.Png(8000);

        using (var posted = await http.PostAsync(host, Form(fields, image)))
        {
            Assert.True(posted.IsSuccessStatusCode, $"{posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
        }
        using (var served = await http.GetAsync(policy.GetProperty("media_url").GetString()))
        {
            Assert.Equal(image, await served.Content.ReadAsByteArrayAsync());
        }
    }

    /// <summary>The PUT as the answer says to send it: its body with every header of <c>headers</c> (they are signed).</summary>
    private static HttpRequestMessage SignedPut(string url, System.Text.Json.JsonElement upload, byte[] body)
    {
        var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(body) };
        foreach (var header in upload.GetProperty("headers").EnumerateObject())
        {
            if (!put.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString()))
            {
                put.Content.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
            }
        }
        return put;
    }

    private static MultipartFormDataContent Form(Dictionary<string, string> fields, byte[] file)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        form.Add(new ByteArrayContent(file) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }, "file", "photo.png");
        return form;
    }
}
