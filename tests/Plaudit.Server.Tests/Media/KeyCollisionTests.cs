using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Plaudit.Server.Media;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Media;

/// <summary>
/// To S3 a key is a name, so <c>a/b</c> and <c>a/b/c</c> can both hold an object; the local provider
/// keeps keys as paths, where <c>a/b</c> cannot be a file and a folder at once (nor can the uploads'
/// info files, named <c>key.json</c>). Of two such keys, the second is refused as bad input, leaving
/// nothing behind, and never answered with a server error.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class KeyCollisionTests(Servers servers)
{
    [Theory]
    [InlineData("a", "a/b")]
    [InlineData("a/b", "a")]
    [InlineData("a/b", "a/b/c/d")]
    [InlineData("a", "a.json/b")]
    [InlineData("a.json/b", "a")]
    public async Task Of_two_keys_where_one_would_be_a_folder_of_the_other_the_second_is_refused_with_InvalidRequest_and_leaves_nothing(string first, string second)
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        var dir = $"s{shop.Id}/images/{Guid.NewGuid():N}/";
        var image = MediaSamples.Jpeg(5000);
        using (var stored = await PutAsync(server, shop.Id, dir + first, image))
        {
            Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        }

        // Twice: a refusal that left a claim behind would answer the second try "already uploaded".
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var refused = await PutAsync(server, shop.Id, dir + second, MediaSamples.Jpeg(6000));
            var text = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {refused.StatusCode}: {text}");
            using var error = JsonDocument.Parse(text);
            Assert.Equal("InvalidRequest", error.RootElement.GetProperty("error").GetString());
        }

        Assert.Equal(image, await server.Http.GetByteArrayAsync("/media/files/" + dir + first));
        using (var missing = await server.Http.GetAsync("/media/files/" + dir + second))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        // On disk: the first upload and its info file, and no trace of the second (not even a folder).
        var root = Path.GetFullPath(server.Services.GetRequiredService<IOptions<MediaOptions>>().Value.Root);
        Assert.Equal(Expected(first), Entries(Path.Combine(root, "files", dir)));
        Assert.Equal(Expected(first + ".json"), Entries(Path.Combine(root, "info", dir)));
    }

    /// <summary>
    /// Both saves are past any look at the disk and mid-body when the gate opens, so the file system
    /// decides: whichever is placed first is stored, the other is refused, and its claim is given back.
    /// </summary>
    [Theory]
    [InlineData("a", "a/b")]
    [InlineData("a", "a.json/b")]
    public async Task Of_two_saves_racing_for_a_file_and_a_folder_at_one_path_one_is_stored_and_the_other_refused(string one, string other)
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        var store = server.Services.GetRequiredService<LocalMediaStore>();
        for (var round = 0; round < 5; round++)
        {
            var dir = $"s{shop.Id}/images/{Guid.NewGuid():N}/";
            string[] keys = [dir + one, dir + other];
            var gate = new CountdownGate(keys.Length);

            var saved = await Task.WhenAll(keys.Select(key => Task.Run(() =>
                store.SaveAsync(key, new GatedStream(MediaSamples.Jpeg(50_000), gate), Policy(shop.Id, key), CancellationToken.None))));

            var outcomes = saved.Select(s => s.Outcome).ToList();
            Assert.Equal(1, outcomes.Count(o => o == SaveOutcome.Saved));
            Assert.Equal(1, outcomes.Count(o => o == SaveOutcome.KeyConflict));
            var loser = keys[outcomes.IndexOf(SaveOutcome.KeyConflict)];
            Assert.NotNull(store.Find(keys[outcomes.IndexOf(SaveOutcome.Saved)]));
            Assert.Null(store.Find(loser));
            Assert.Equal(SaveOutcome.KeyConflict, store.Blocked(loser));
        }
    }

    [Theory]
    [InlineData("a/b/")]
    [InlineData("a//b")]
    [InlineData("./a")]
    [InlineData("a/./b")]
    [InlineData("a/../../../s1/images/x")]
    [InlineData(".hidden")]
    public async Task Keys_with_empty_or_dot_segments_are_refused_with_AccessDenied(string name)
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        var dir = $"s{shop.Id}/images/{Guid.NewGuid():N}/";
        var signer = server.Services.GetRequiredService<UploadPolicySigner>();
        var (policy, signature) = signer.Sign(new UploadPolicy(shop.Id, dir, true, MediaKind.Image, 100_000, DateTimeOffset.UtcNow.AddMinutes(5)));
        // A form, so the key reaches Plaudit as written (a URL path would be normalized on the way).
        using var form = new MultipartFormDataContent
        {
            { new StringContent(dir + name), "key" },
            { new StringContent(policy), "policy" },
            { new StringContent(signature), "signature" },
            { new ByteArrayContent(MediaSamples.Jpeg()), "file", "photo.jpg" },
        };

        using var refused = await server.Http.PostAsync("/media/upload", form);

        var text = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"expected 403, got {refused.StatusCode}: {text}");
        using var error = JsonDocument.Parse(text);
        Assert.Equal("AccessDenied", error.RootElement.GetProperty("error").GetString());
        var root = Path.GetFullPath(server.Services.GetRequiredService<IOptions<MediaOptions>>().Value.Root);
        Assert.False(Directory.Exists(Path.Combine(root, "files", dir)));
        Assert.False(Directory.Exists(Path.Combine(root, "info", dir)));
    }

    private static UploadPolicy Policy(long shopId, string key) => new(shopId, key, false, MediaKind.Image, 1_000_000, DateTimeOffset.UtcNow.AddMinutes(5));

    /// <summary>A PUT with a permission for exactly <paramref name="key"/>, as the server signs them.</summary>
    private static Task<HttpResponseMessage> PutAsync(PlauditServer server, long shopId, string key, byte[] body)
    {
        var (policy, signature) = server.Services.GetRequiredService<UploadPolicySigner>().Sign(Policy(shopId, key));
        var url = QueryHelpers.AddQueryString("/media/upload/" + key, new Dictionary<string, string?> { ["policy"] = policy, ["signature"] = signature });
        return server.Http.PutAsync(url, new ByteArrayContent(body));
    }

    /// <summary>Every file and folder under <paramref name="folder"/>, by relative path with <c>/</c>.</summary>
    private static List<string> Entries(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(e => Path.GetRelativePath(folder, e).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    /// <summary>A file at <paramref name="path"/> and the folders it is in.</summary>
    private static List<string> Expected(string path)
    {
        var segments = path.Split('/');
        return [.. Enumerable.Range(1, segments.Length).Select(n => string.Join('/', segments[..n])).Order(StringComparer.Ordinal)];
    }
}
