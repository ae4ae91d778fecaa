using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Plaudit.Server.Merchants;

/// <summary>
/// Password attempts per account, from whatever address they come (per node): an attacker
/// rotating addresses against one merchant is refused after
/// <c>Merchants:SignInAttemptsPerAccountPerHour</c>, even with the right password, until the hour
/// is over. The per-address limit (<see cref="MerchantPages.SignInLimit"/>) stays as well.
/// </summary>
public sealed class MerchantSignInThrottle : IDisposable
{
    /// <summary>Unknown emails share this many buckets: memory stays bounded, and they are refused like real accounts (no hint which exist).</summary>
    private const int UnknownEmailBuckets = 4096;

    private readonly PartitionedRateLimiter<string> _limiter;

    public MerchantSignInThrottle(IOptions<MerchantOptions> options)
    {
        var permits = options.Value.SignInAttemptsPerAccountPerHour;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromHours(1),
            QueueLimit = 0,
        }));
    }

    /// <summary>Counts one attempt on the account (or the unknown email's bucket); false when it is over the limit.</summary>
    public bool TryAttempt(Merchant? merchant, string normalizedEmail)
    {
        var key = merchant is not null
            ? "merchant:" + merchant.Id.ToString(CultureInfo.InvariantCulture)
            : "unknown:" + (BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail))) % UnknownEmailBuckets).ToString(CultureInfo.InvariantCulture);
        using var lease = _limiter.AttemptAcquire(key);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
