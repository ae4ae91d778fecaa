using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Emails;

/// <summary>
/// This node's copy of the <see cref="EmailLinkKey"/> secrets: read on first use (the first node to
/// need one adds it), and again when a token names a newer key than this node knows (another node
/// rotated). Read synchronously, since links are made inside synchronous composing; it happens once.
/// </summary>
public sealed class EmailLinkKeys(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider clock)
{
    public const int SecretLength = 32;

    /// <summary>A token naming an unknown key reads the table again at most this often: forged key ids cost no query each.</summary>
    private static readonly TimeSpan RereadAfter = TimeSpan.FromSeconds(10);

    private readonly IDataProtector _protector = protection.CreateProtector("Plaudit.Emails.LinkKey", "v1");
    private readonly Lock _reading = new();
    private volatile Snapshot? _known;

    /// <summary>The key that seals new tokens.</summary>
    public (int Id, byte[] Secret) Newest
    {
        get
        {
            var known = Known();
            return (known.Newest, known.Secrets[known.Newest]);
        }
    }

    /// <summary>The secret of key <paramref name="id"/>, or null when there is none.</summary>
    public byte[]? Find(int id)
    {
        var known = Known();
        if (known.Secrets.TryGetValue(id, out var secret))
        {
            return secret;
        }
        if (id <= known.Newest || clock.GetElapsedTime(known.ReadAt) < RereadAfter)
        {
            return null;
        }
        lock (_reading)
        {
            return (_known = Read()).Secrets.GetValueOrDefault(id);
        }
    }

    private Snapshot Known()
    {
        if (_known is { } known)
        {
            return known;
        }
        lock (_reading)
        {
            return _known ??= Read();
        }
    }

    private Snapshot Read()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
        var rows = db.EmailLinkKeys.AsNoTracking().ToList();
        if (rows.Count == 0)
        {
            db.EmailLinkKeys.Add(new EmailLinkKey
            {
                Id = 1,
                ProtectedSecret = _protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretLength))),
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
            try
            {
                db.SaveChanges();
            }
            catch (DbUpdateException)
            {
                // Another node added key 1 first: both use that one.
            }
            rows = db.EmailLinkKeys.AsNoTracking().ToList();
        }
        return new Snapshot(
            rows.ToFrozenDictionary(k => k.Id, k => Convert.FromBase64String(_protector.Unprotect(k.ProtectedSecret))),
            rows.Max(k => k.Id), clock.GetTimestamp());
    }

    private sealed record Snapshot(FrozenDictionary<int, byte[]> Secrets, int Newest, long ReadAt);
}
