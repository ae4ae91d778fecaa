using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Media;

/// <summary>
/// What the S3 provider hands out binds what the bucket may receive: the pre-signed PUT signs the
/// content type, the exact length and <c>If-None-Match: *</c>; the image form policy fixes the
/// content type and bounds the length. s3rver stores what it is sent and checks no Signature V4
/// (see its authentication middleware), so the binding is proven here the way S3 checks it: by
/// computing the signature again, independently, over the signed values; the uploads themselves
/// then go to s3rver with exactly what Plaudit asked for.
/// </summary>
public sealed class S3UploadHardeningTests(S3Servers s3) : IClassFixture<S3Servers>
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task The_presigned_put_signs_the_content_type_the_exact_length_and_create_only(DatabaseProvider provider)
    {
        var server = await s3.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var video = MediaSamples.Mp4(70_000);
        var upload = (await shop.Client.GetAsync(Api + "get_video_upload_url",
            [new("file_name", "clip.webm"), new("file_size", video.Length.ToString(CultureInfo.InvariantCulture))])).AssertOk();
        var url = new Uri(upload.GetProperty("upload_url").GetString()!);
        var headers = upload.GetProperty("headers").EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString()!);
        Assert.Equal("video/webm", headers["Content-Type"]);
        Assert.Equal("70000", headers["Content-Length"]);
        Assert.Equal("*", headers["If-None-Match"]);
        Assert.Equal(video.Length, upload.GetProperty("max_bytes").GetInt64());

        var query = QueryHelpers.ParseQuery(url.Query);
        Assert.Equal("content-length;content-type;host;if-none-match", query["X-Amz-SignedHeaders"].ToString());
        var signed = headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value);
        Assert.Equal(query["X-Amz-Signature"].ToString(), SignatureV4.PresignedSignature("PUT", url, signed, S3rverProcess.SecretKey));
        // Any other type or length is another signature, which S3 refuses (403 SignatureDoesNotMatch).
        Assert.NotEqual(query["X-Amz-Signature"].ToString(), SignatureV4.PresignedSignature("PUT", url, new Dictionary<string, string>(signed) { ["content-type"] = "text/html" }, S3rverProcess.SecretKey));
        Assert.NotEqual(query["X-Amz-Signature"].ToString(), SignatureV4.PresignedSignature("PUT", url, new Dictionary<string, string>(signed) { ["content-length"] = "5368709120" }, S3rverProcess.SecretKey));

        using var http = new HttpClient();
        using var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(video) };
        put.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(headers["Content-Type"]);
        put.Headers.TryAddWithoutValidation("If-None-Match", headers["If-None-Match"]);
        using (var stored = await http.SendAsync(put))
        {
            Assert.True(stored.IsSuccessStatusCode, $"{stored.StatusCode}: {await stored.Content.ReadAsStringAsync()}");
        }
        using var served = await http.GetAsync(upload.GetProperty("media_url").GetString());
        Assert.Equal("video/webm", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal(video, await served.Content.ReadAsByteArrayAsync());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task No_presigned_put_is_handed_out_without_a_size_within_the_limit_or_for_a_type_other_than_video(DatabaseProvider provider)
    {
        var server = await s3.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        (await shop.Client.GetAsync(Api + "get_video_upload_url", [new("file_name", "clip.mp4")])).AssertError(3, "file_size");
        (await shop.Client.GetAsync(Api + "get_video_upload_url", [new("file_size", "0")])).AssertError(3, "file_size");
        (await shop.Client.GetAsync(Api + "get_video_upload_url", [new("file_size", "5368709120")])).AssertError(3, "file_size");
        (await shop.Client.GetAsync(Api + "get_video_upload_url", [new("file_size", "1000"), new("content_type", "text/html")])).AssertError(3, "content_type");

        var declared = (await shop.Client.GetAsync(Api + "get_video_upload_url", [new("file_size", "1000"), new("content_type", "video/quicktime")])).AssertOk();
        Assert.Equal("video/quicktime", declared.GetProperty("headers").GetProperty("Content-Type").GetString());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task The_image_form_policy_fixes_an_image_content_type_and_bounds_the_length(DatabaseProvider provider)
    {
        var server = await s3.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        (await shop.Client.GetAsync(Api + "get_image_upload_policy_token", [new("content_type", "text/html")])).AssertError(3, "content_type");
        (await shop.Client.GetAsync(Api + "get_image_upload_policy_token", [new("content_type", "image/svg+xml")])).AssertError(3, "content_type");

        var token = (await shop.Client.GetAsync(Api + "get_image_upload_policy_token", [new("content_type", "image/png")])).AssertOk();
        var fields = token.GetProperty("fields").EnumerateObject().ToDictionary(f => f.Name, f => f.Value.GetString()!);
        Assert.Equal("image/png", fields["Content-Type"]);
        using var policy = JsonDocument.Parse(Convert.FromBase64String(fields["policy"]));
        var conditions = policy.RootElement.GetProperty("conditions").EnumerateArray().Select(c => c.GetRawText()).ToList();
        Assert.Contains("{\"Content-Type\":\"image/png\"}", conditions);
        Assert.Contains($"[\"content-length-range\",1,{S3Servers.MaxImageBytes}]", conditions);
        Assert.Contains($"[\"starts-with\",\"$key\",\"{token.GetProperty("dir").GetString()}\"]", conditions);
        Assert.Equal(SignatureV4.PolicySignature(fields["policy"], fields["x-amz-credential"], S3rverProcess.SecretKey), fields["x-amz-signature"]);

        using var http = new HttpClient();
        var image = MediaSamples.Png(8000);
        using (var posted = await http.PostAsync(token.GetProperty("host").GetString(), Form(fields, image)))
        {
            Assert.True(posted.IsSuccessStatusCode, $"{posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
        }
        using var served = await http.GetAsync(token.GetProperty("media_url").GetString());
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal(image, await served.Content.ReadAsByteArrayAsync());

        // Without a declared type the policy still names one image type, never "anything".
        var plain = (await shop.Client.GetAsync(Api + "get_image_upload_policy_token")).AssertOk();
        var plainPolicy = Encoding.UTF8.GetString(Convert.FromBase64String(plain.GetProperty("fields").GetProperty("policy").GetString()!));
        Assert.Contains("{\"Content-Type\":\"image/jpeg\"}", plainPolicy, StringComparison.Ordinal);
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
