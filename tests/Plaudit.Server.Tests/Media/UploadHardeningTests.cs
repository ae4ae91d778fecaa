using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Plaudit.Server.Media;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Media;

/// <summary>
/// The local provider's uploads are create-only: a file served <c>immutable</c> (and perhaps already
/// shown in a published review) is never replaced, whether by the same pre-signed URL again, by the
/// same form key again, or by two uploads racing for one key.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class UploadHardeningTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_second_put_to_a_used_upload_url_is_refused_with_AccessDenied_and_the_first_file_stays(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var upload = (await shop.Client.GetAsync(Api + "get_video_upload_url", [new("file_name", "clip.mp4")])).AssertOk();
        var uploadUrl = upload.GetProperty("upload_url").GetString()!;
        var first = MediaSamples.Mp4(40_000);
        using (var put = await server.Http.PutAsync(uploadUrl, new ByteArrayContent(first)))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        using (var again = await server.Http.PutAsync(uploadUrl, new ByteArrayContent(MediaSamples.Mp4(30_000))))
        {
            await AssertAccessDeniedAsync(again);
        }
        Assert.Equal(first, await server.Http.GetByteArrayAsync(upload.GetProperty("media_url").GetString()));
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_second_form_post_to_an_existing_key_is_refused_with_AccessDenied_and_the_first_file_stays(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var policy = (await shop.Client.GetAsync(Api + "get_image_upload_policy_token")).AssertOk();
        var fields = policy.GetProperty("fields").EnumerateObject().ToDictionary(f => f.Name, f => f.Value.GetString()!);
        fields["key"] = policy.GetProperty("dir").GetString() + "photo.jpg";
        var first = MediaSamples.Jpeg(5000);
        string url;
        using (var posted = await server.Http.PostAsync(policy.GetProperty("host").GetString(), Form(fields, first)))
        {
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            url = (await posted.ReadEnvelopeAsync()).GetProperty("url").GetString()!;
        }

        using (var again = await server.Http.PostAsync(policy.GetProperty("host").GetString(), Form(fields, MediaSamples.Png(6000))))
        {
            await AssertAccessDeniedAsync(again);
        }
        using var served = await server.Http.GetAsync(url);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal(first, await served.Content.ReadAsByteArrayAsync());

        // Another name under the same directory: the permission was for one image, and it was used.
        fields["key"] = policy.GetProperty("dir").GetString() + "second.png";
        using (var other = await server.Http.PostAsync(policy.GetProperty("host").GetString(), Form(fields, MediaSamples.Png(6000))))
        {
            await AssertAccessDeniedAsync(other);
        }
        // A new permission uploads the next image.
        var next = (await shop.Client.GetAsync(Api + "get_image_upload_policy_token")).AssertOk();
        var nextFields = next.GetProperty("fields").EnumerateObject().ToDictionary(f => f.Name, f => f.Value.GetString()!);
        nextFields["key"] = next.GetProperty("dir").GetString() + "second.png";
        using var allowed = await server.Http.PostAsync(next.GetProperty("host").GetString(), Form(nextFields, MediaSamples.Png(6000)));
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_form_cut_short_is_a_400_and_stores_nothing(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var policy = (await shop.Client.GetAsync(Api + "get_image_upload_policy_token")).AssertOk();
        var host = policy.GetProperty("host").GetString()!;
        var fields = policy.GetProperty("fields").EnumerateObject().ToDictionary(f => f.Name, f => f.Value.GetString()!);
        fields["key"] = policy.GetProperty("dir").GetString() + "cut.jpg";
        var whole = await Form(fields, MediaSamples.Jpeg(20_000)).ReadAsByteArrayAsync();
        var boundary = "plaudit-cut";
        var validForm = System.Text.Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--{boundary}--\r\n");

        var fieldsOnly = $"multipart/form-data; boundary={boundary}";
        (byte[] Body, string ContentType)[] cut =
        [
            ("xx"u8.ToArray(), fieldsOnly), // no boundary at all
            (validForm[..(validForm.Length / 2)], fieldsOnly), // a field with no closing boundary
            (whole[..(whole.Length - 5_000)], FormContentType(whole)), // the file cut off before its closing boundary
        ];
        foreach (var (body, contentType) in cut)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            using var response = await server.Http.PostAsync(host, content);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("MalformedPOSTRequest", error.RootElement.GetProperty("error").GetString());
        }

        // Nothing was kept at the key: the same form, whole, is still accepted there.
        using var complete = new ByteArrayContent(whole);
        complete.Headers.ContentType = MediaTypeHeaderValue.Parse(FormContentType(whole));
        using var stored = await server.Http.PostAsync(host, complete);
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
    }

    /// <summary>The multipart content type of a serialized form, from the boundary its first line opens with.</summary>
    private static string FormContentType(byte[] form)
    {
        var firstLine = System.Text.Encoding.ASCII.GetString(form, 0, Array.IndexOf(form, (byte)'\r'));
        return $"multipart/form-data; boundary=\"{firstLine[2..]}\"";
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Of_two_concurrent_puts_to_one_key_exactly_one_is_stored(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var upload = (await shop.Client.GetAsync(Api + "get_video_upload_url", [new("file_name", "race.mp4")])).AssertOk();
        var uploadUrl = upload.GetProperty("upload_url").GetString()!;
        var bodies = new[] { MediaSamples.Mp4(300_000), MediaSamples.Mp4(200_000) };
        var gate = new CountdownGate(bodies.Length);

        // Separate connections, both bodies half sent before either is finished.
        using var one = new HttpClient();
        using var two = new HttpClient();
        var responses = await Task.WhenAll(
            one.PutAsync(new Uri(server.BaseAddress, uploadUrl), new GatedContent(bodies[0], gate)),
            two.PutAsync(new Uri(server.BaseAddress, uploadUrl), new GatedContent(bodies[1], gate)));

        try
        {
            var statuses = responses.Select(r => r.StatusCode).ToList();
            Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
            Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Forbidden));
            var winner = bodies[statuses.IndexOf(HttpStatusCode.Created)];
            await AssertAccessDeniedAsync(responses[statuses.IndexOf(HttpStatusCode.Forbidden)]);
            using var served = await server.Http.GetAsync(upload.GetProperty("media_url").GetString());
            Assert.Equal(winner, await served.Content.ReadAsByteArrayAsync());
            Assert.Equal(winner.Length, served.Content.Headers.ContentLength);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    /// <summary>
    /// The same race one level down, with no HTTP in between to decide it early: both saves are past
    /// any "already there?" look and mid-body when the gate opens, so the exclusive claim decides.
    /// </summary>
    [Theory, ClassData(typeof(BothProviders))]
    public async Task Of_two_saves_racing_for_one_key_exactly_one_is_stored(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var store = server.Services.GetRequiredService<LocalMediaStore>();
        var key = $"s{shop.Id}/videos/{Guid.NewGuid():N}.mp4";
        var policy = new UploadPolicy(shop.Id, key, false, MediaKind.Video, 1_000_000, DateTimeOffset.UtcNow.AddMinutes(5));
        var bodies = new[] { MediaSamples.Mp4(100_000), MediaSamples.Mp4(120_000) };
        var gate = new CountdownGate(bodies.Length);

        var saved = await Task.WhenAll(bodies.Select(body => Task.Run(() => store.SaveAsync(key, new GatedStream(body, gate), policy, CancellationToken.None))));

        var outcomes = saved.Select(s => s.Outcome).ToList();
        Assert.Equal(1, outcomes.Count(o => o == SaveOutcome.Saved));
        Assert.Equal(1, outcomes.Count(o => o == SaveOutcome.Exists));
        var winner = bodies[outcomes.IndexOf(SaveOutcome.Saved)];
        var (path, info) = store.Find(key)!.Value;
        Assert.Equal(winner.Length, info.Size);
        Assert.Equal(winner, await File.ReadAllBytesAsync(path));
    }

    private static async Task AssertAccessDeniedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"expected 403, got {response.StatusCode}: {text}");
        using var error = JsonDocument.Parse(text);
        Assert.Equal("AccessDenied", error.RootElement.GetProperty("error").GetString());
    }

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
}
