using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Plaudit.Server.Media;

public sealed class UploadPolicySigner(IDataProtectionProvider dataProtection, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Plaudit.Media.UploadPolicy.v1");

    public (string Policy, string Signature) Sign(UploadPolicy policy)
    {
        var encoded = Base64UrlTextEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(policy, Json));
        // The protected digest is the signature: only a holder of the key ring can make one that unprotects.
        var signature = Base64UrlTextEncoder.Encode(_protector.Protect(SHA256.HashData(Encoding.ASCII.GetBytes(encoded))));
        return (encoded, signature);
    }

    public PolicyCheck Verify(string? encodedPolicy, string? signature, out UploadPolicy? policy)
    {
        policy = null;
        if (string.IsNullOrEmpty(encodedPolicy) || string.IsNullOrEmpty(signature))
        {
            return PolicyCheck.BadSignature;
        }
        try
        {
            var digest = _protector.Unprotect(Base64UrlTextEncoder.Decode(signature));
            if (!CryptographicOperations.FixedTimeEquals(digest, SHA256.HashData(Encoding.ASCII.GetBytes(encodedPolicy))))
            {
                return PolicyCheck.BadSignature;
            }
            policy = JsonSerializer.Deserialize<UploadPolicy>(Base64UrlTextEncoder.Decode(encodedPolicy), Json);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or JsonException)
        {
            return PolicyCheck.BadSignature;
        }
        if (policy is null)
        {
            return PolicyCheck.BadSignature;
        }
        return policy.ExpiresAt > clock.GetUtcNow() ? PolicyCheck.Valid : PolicyCheck.Expired;
    }
}
