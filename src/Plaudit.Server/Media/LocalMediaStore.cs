using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Plaudit.Server.Media;

public enum SaveOutcome
{
    Saved,
    TooLarge,
    UnsupportedType,
}

public sealed record SavedMedia(SaveOutcome Outcome, string? ContentType = null, long Size = 0);

/// <summary>What the local store keeps beside each file.</summary>
public sealed record StoredMediaInfo(string ContentType, long Size, long ShopId, DateTimeOffset StoredAt);

/// <summary>
/// Plaudit as its own upload target: files under <c>Media:Root</c>, written by streaming (memory
/// stays flat whatever the size), checked by their first bytes, moved into place only when complete.
/// </summary>
public sealed class LocalMediaStore(IOptions<MediaOptions> options, UploadPolicySigner signer, TimeProvider clock) : IMediaStore
{
    public const string UploadPath = "/media/upload";
    public const string FilesPath = "/media/files";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string Root => Path.GetFullPath(options.Value.Root);

    public VideoUploadJson CreateVideoUpload(long shopId, string? fileName, Uri plauditUrl)
    {
        var settings = options.Value;
        var key = MediaKeys.VideoKey(shopId, fileName);
        var expiresAt = clock.GetUtcNow() + settings.UploadLifetime;
        var (policy, signature) = signer.Sign(new UploadPolicy(shopId, key, false, MediaKind.Video, settings.MaxVideoBytes, expiresAt));
        var uploadUrl = QueryHelpers.AddQueryString(new Uri(plauditUrl, $"{UploadPath.TrimStart('/')}/{key}").ToString(),
            new Dictionary<string, string?> { ["policy"] = policy, ["signature"] = signature });
        return new VideoUploadJson(uploadUrl, "PUT", FileUrl(plauditUrl, key), key, Format(expiresAt), expiresAt.ToUnixTimeSeconds(),
            settings.MaxVideoBytes, MediaSniffer.VideoTypes, new Dictionary<string, string>());
    }

    public ImageUploadPolicyJson CreateImageUpload(long shopId, Uri plauditUrl)
    {
        var settings = options.Value;
        var dir = MediaKeys.ImageDir(shopId);
        var key = dir + "image";
        var expiresAt = clock.GetUtcNow() + settings.UploadLifetime;
        var (policy, signature) = signer.Sign(new UploadPolicy(shopId, dir, true, MediaKind.Image, settings.MaxImageBytes, expiresAt));
        var fields = new Dictionary<string, string> { ["key"] = key, ["policy"] = policy, ["signature"] = signature };
        return new ImageUploadPolicyJson(new Uri(plauditUrl, UploadPath.TrimStart('/')).ToString(), dir, key, policy, signature,
            expiresAt.ToUnixTimeSeconds(), Format(expiresAt), settings.MaxImageBytes, MediaSniffer.ImageTypes, "file", fields,
            FileUrl(plauditUrl, key), FileUrl(plauditUrl, dir));
    }

    public Uri ShopMediaPrefix(long shopId, Uri plauditUrl) => new(FileUrl(plauditUrl, MediaKeys.ShopPrefix(shopId)));

    /// <summary>
    /// Streams <paramref name="body"/> to a temporary file, checking the type from the first bytes and
    /// the size as it goes; the file appears under its key only when whole and valid.
    /// </summary>
    public async Task<SavedMedia> SaveAsync(string key, Stream body, UploadPolicy policy, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Root, ".incoming", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
        var keep = false;
        try
        {
            string? contentType;
            long size = 0;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var buffer = new byte[81920];
                var head = await FillAsync(body, buffer.AsMemory(0, MediaSniffer.HeaderLength), cancellationToken);
                contentType = MediaSniffer.Detect(buffer.AsSpan(0, head));
                if (contentType is null || MediaSniffer.KindOf(contentType) != policy.Kind)
                {
                    return new SavedMedia(SaveOutcome.UnsupportedType);
                }
                await file.WriteAsync(buffer.AsMemory(0, head), cancellationToken);
                size = head;
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > policy.MaxBytes)
                    {
                        return new SavedMedia(SaveOutcome.TooLarge);
                    }
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            var target = PathOf(key);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var info = new StoredMediaInfo(contentType, size, policy.ShopId, clock.GetUtcNow());
            var infoPath = InfoPathOf(key);
            Directory.CreateDirectory(Path.GetDirectoryName(infoPath)!);
            await File.WriteAllBytesAsync(infoPath, JsonSerializer.SerializeToUtf8Bytes(info, Json), cancellationToken);
            File.Move(temporary, target, overwrite: true);
            keep = true;
            return new SavedMedia(SaveOutcome.Saved, contentType, size);
        }
        finally
        {
            if (!keep)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>The stored file and what it is, or null when no such upload exists.</summary>
    public (string Path, StoredMediaInfo Info)? Find(string key)
    {
        if (!MediaKeys.IsValid(key))
        {
            return null;
        }
        var path = PathOf(key);
        var infoPath = InfoPathOf(key);
        if (!File.Exists(path) || !File.Exists(infoPath))
        {
            return null;
        }
        var info = JsonSerializer.Deserialize<StoredMediaInfo>(File.ReadAllBytes(infoPath), Json);
        return info is null ? null : (path, info);
    }

    private string PathOf(string key) => Path.Combine(Root, "files", key);

    private string InfoPathOf(string key) => Path.Combine(Root, "info", key + ".json");

    private static string FileUrl(Uri plauditUrl, string key) => new Uri(plauditUrl, $"{FilesPath.TrimStart('/')}/{key}").ToString();

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static async Task<int> FillAsync(Stream body, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await body.ReadAsync(buffer[total..], cancellationToken)) > 0)
        {
            total += read;
        }
        return total;
    }
}
