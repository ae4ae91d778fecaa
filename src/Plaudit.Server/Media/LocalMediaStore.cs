using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Plaudit.Server.OpenApi;

namespace Plaudit.Server.Media;

/// <summary>
/// Plaudit as its own upload target: files under <c>Media:Root</c>, written by streaming (memory
/// stays flat whatever the size), checked by their first bytes, moved into place only when complete.
/// Create-only: a key, once uploaded, is never written again (its file is served as immutable and
/// may already be in a published review).
/// </summary>
public sealed class LocalMediaStore(IOptions<MediaOptions> options, UploadPolicySigner signer, TimeProvider clock) : IMediaStore
{
    public const string UploadPath = "/media/upload";
    public const string FilesPath = "/media/files";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string Root => Path.GetFullPath(options.Value.Root);

    /// <summary>The file's bytes are checked here, so the size is optional and the declared type is not needed.</summary>
    public bool RequiresFileSize => false;

    public VideoUploadJson CreateVideoUpload(long shopId, VideoUpload video, Uri plauditUrl)
    {
        var settings = options.Value;
        var key = MediaKeys.VideoKey(shopId, video.FileName);
        var expiresAt = clock.GetUtcNow() + settings.UploadLifetime;
        var maxBytes = Math.Min(video.FileSize ?? settings.MaxVideoBytes, settings.MaxVideoBytes);
        var (policy, signature) = signer.Sign(new UploadPolicy(shopId, key, false, MediaKind.Video, maxBytes, expiresAt));
        var uploadUrl = QueryHelpers.AddQueryString(new Uri(plauditUrl, $"{UploadPath.TrimStart('/')}/{key}").ToString(),
            new Dictionary<string, string?> { ["policy"] = policy, ["signature"] = signature });
        return new VideoUploadJson(uploadUrl, "PUT", FileUrl(plauditUrl, key), key, WireTime.Format(expiresAt.UtcDateTime), expiresAt.ToUnixTimeSeconds(),
            maxBytes, MediaSniffer.VideoTypes, new Dictionary<string, string>());
    }

    public ImageUploadPolicyJson CreateImageUpload(long shopId, string contentType, Uri plauditUrl)
    {
        var settings = options.Value;
        var dir = MediaKeys.ImageDir(shopId);
        var key = dir + "image";
        var expiresAt = clock.GetUtcNow() + settings.UploadLifetime;
        var (policy, signature) = signer.Sign(new UploadPolicy(shopId, dir, true, MediaKind.Image, settings.MaxImageBytes, expiresAt));
        // Content-Type is accepted and ignored here (the type is read from the bytes); sending it keeps one form for both providers.
        var fields = new Dictionary<string, string> { ["key"] = key, ["Content-Type"] = contentType, ["policy"] = policy, ["signature"] = signature };
        return new ImageUploadPolicyJson(new Uri(plauditUrl, UploadPath.TrimStart('/')).ToString(), dir, key, policy, signature,
            expiresAt.ToUnixTimeSeconds(), WireTime.Format(expiresAt.UtcDateTime), settings.MaxImageBytes, MediaSniffer.ImageTypes, "file", fields,
            FileUrl(plauditUrl, key), FileUrl(plauditUrl, dir));
    }

    public Uri UploadsRoot(Uri plauditUrl) => new(FileUrl(plauditUrl, ""));

    /// <summary>
    /// Why nothing can be stored at <paramref name="key"/> now: <see cref="SaveOutcome.Exists"/> when something
    /// was uploaded (or is being stored) there, <see cref="SaveOutcome.KeyConflict"/> when another upload makes
    /// the key a folder or a folder of the key a file; null when it is free.
    /// </summary>
    public SaveOutcome? Blocked(string key) =>
        File.Exists(InfoPathOf(key)) || File.Exists(PathOf(key)) ? SaveOutcome.Exists
        : Collides(key) ? SaveOutcome.KeyConflict
        : null;

    /// <summary>
    /// Streams <paramref name="body"/> to a temporary file, checking the type from the first bytes and
    /// the size as it goes; the file appears under its key only when whole and valid, and only if no
    /// other upload got the key, or a path colliding with it, first.
    /// </summary>
    public async Task<SavedMedia> SaveAsync(string key, Stream body, UploadPolicy policy, CancellationToken cancellationToken)
    {
        // An image policy names a fresh folder, not a file: it permits one image in it (as the docs say), not a
        // folder's worth. The folder is claimed like a key, and given back if this upload is not stored.
        var policyClaim = policy.KeyIsPrefix ? Path.Combine(Root, ".policies", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(policy.Key)))) : null;
        if (policyClaim is not null && !await TryClaimAsync(policyClaim, [], cancellationToken))
        {
            return new SavedMedia(SaveOutcome.PolicyUsed);
        }
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
                var head = await body.ReadAtLeastAsync(buffer.AsMemory(0, MediaSniffer.HeaderLength), MediaSniffer.HeaderLength, throwOnEndOfStream: false, cancellationToken);
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
            var outcome = await PlaceAsync(key, temporary, new StoredMediaInfo(contentType, size, policy.ShopId, clock.GetUtcNow()), cancellationToken);
            keep = outcome == SaveOutcome.Saved;
            return keep ? new SavedMedia(SaveOutcome.Saved, contentType, size) : new SavedMedia(outcome);
        }
        finally
        {
            if (!keep)
            {
                File.Delete(temporary);
                if (policyClaim is not null)
                {
                    File.Delete(policyClaim);
                }
            }
        }
    }

    /// <summary>
    /// Claims the key, then moves the complete file in. A key that another upload makes a folder, or whose
    /// folder another upload makes a file, is refused, whether found before the claim or lost in a race
    /// with that upload; whatever stops the file from being placed gives the claim back.
    /// </summary>
    private async Task<SaveOutcome> PlaceAsync(string key, string temporary, StoredMediaInfo info, CancellationToken cancellationToken)
    {
        if (Collides(key))
        {
            return SaveOutcome.KeyConflict;
        }
        var infoPath = InfoPathOf(key);
        try
        {
            if (!await TryClaimAsync(infoPath, JsonSerializer.SerializeToUtf8Bytes(info, Json), cancellationToken))
            {
                return SaveOutcome.Exists;
            }
        }
        catch (Exception ex) when ((ex is IOException or UnauthorizedAccessException) && Collides(key))
        {
            return SaveOutcome.KeyConflict;
        }
        var target = PathOf(key);
        var placed = false;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // Without overwrite, .NET links the new name (link(2)) on Unix: it fails rather than replace a file.
            File.Move(temporary, target, overwrite: false);
            placed = true;
            return SaveOutcome.Saved;
        }
        catch (IOException) when (File.Exists(target))
        {
            // Only a file older than the claim scheme can be here; it stays, and stays unlisted.
            return SaveOutcome.Exists;
        }
        catch (Exception ex) when ((ex is IOException or UnauthorizedAccessException) && Collides(key))
        {
            return SaveOutcome.KeyConflict;
        }
        finally
        {
            if (!placed)
            {
                File.Delete(infoPath);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="key"/> cannot be a path beside what is stored: in either tree, one of its
    /// folders is a file (<c>a/b</c> stored, <c>a/b/c</c> asked for) or its own path is a folder (the reverse).
    /// Looks only; creates nothing.
    /// </summary>
    private bool Collides(string key) =>
        Collides(Path.Combine(Root, "files"), key) || Collides(Path.Combine(Root, "info"), key + ".json");

    private static bool Collides(string tree, string relativePath)
    {
        var segments = relativePath.Split('/');
        var path = tree;
        foreach (var folder in segments[..^1])
        {
            path = Path.Combine(path, folder);
            if (File.Exists(path))
            {
                return true;
            }
            if (!Directory.Exists(path))
            {
                // Nothing is stored below a folder that does not exist.
                return false;
            }
        }
        return Directory.Exists(Path.Combine(path, segments[^1]));
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

    /// <summary>
    /// Takes the key by creating its info file exclusively (<c>O_CREAT|O_EXCL</c>): of uploads racing
    /// for one key, exactly one creates it; the others see it exists. The file itself is moved in only
    /// afterwards, and <see cref="Find"/> needs both, so a reader never sees a half-stored upload.
    /// </summary>
    private static async Task<bool> TryClaimAsync(string infoPath, byte[] info, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(infoPath)!);
        FileStream claim;
        try
        {
            claim = new FileStream(infoPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        }
        catch (IOException) when (File.Exists(infoPath))
        {
            return false;
        }
        try
        {
            await using (claim)
            {
                await claim.WriteAsync(info, cancellationToken);
            }
            return true;
        }
        catch
        {
            // A claim that could not be written completely would block the key for nothing.
            File.Delete(infoPath);
            throw;
        }
    }

    private string PathOf(string key) => Path.Combine(Root, "files", key);

    private string InfoPathOf(string key) => Path.Combine(Root, "info", key + ".json");

    private static string FileUrl(Uri plauditUrl, string key) => new Uri(plauditUrl, $"{FilesPath.TrimStart('/')}/{key}").ToString();
}
