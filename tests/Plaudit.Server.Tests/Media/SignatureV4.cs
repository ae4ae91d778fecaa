using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Plaudit.Server.Tests.Media;

/// <summary>
/// AWS Signature Version 4 written again from AWS's documentation, independently of the SDK, so a
/// test can tell what a pre-signed URL or a POST policy binds: S3 recomputes exactly this.
/// </summary>
public static class SignatureV4
{
    public static byte[] SigningKey(string secretKey, string date, string region)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, "s3");
        return Hmac(key, "aws4_request");
    }

    /// <summary>The signature a pre-signed URL must carry when sent with these exact header values (names lower-case).</summary>
    public static string PresignedSignature(string method, Uri url, IReadOnlyDictionary<string, string> headers, string secretKey)
    {
        var query = QueryHelpers.ParseQuery(url.Query);
        var canonicalQuery = string.Join("&", query
            .Where(p => p.Key != "X-Amz-Signature")
            .Select(p => (Name: Uri.EscapeDataString(p.Key), Value: Uri.EscapeDataString(p.Value.ToString())))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
        var signedHeaders = query["X-Amz-SignedHeaders"].ToString().Split(';');
        var allHeaders = new Dictionary<string, string>(headers) { ["host"] = url.Authority };
        var canonicalHeaders = string.Concat(signedHeaders.Select(h => $"{h}:{allHeaders[h].Trim()}\n"));
        var canonicalRequest = string.Join("\n", method, url.AbsolutePath, canonicalQuery, canonicalHeaders, string.Join(";", signedHeaders), "UNSIGNED-PAYLOAD");
        var credential = query["X-Amz-Credential"].ToString().Split('/');
        var stringToSign = string.Join("\n", "AWS4-HMAC-SHA256", query["X-Amz-Date"].ToString(), string.Join("/", credential[1..]),
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        return Convert.ToHexStringLower(Hmac(SigningKey(secretKey, credential[1], credential[2]), stringToSign));
    }

    /// <summary>A browser POST policy's signature: HMAC of the base64 policy with the signing key.</summary>
    public static string PolicySignature(string base64Policy, string credential, string secretKey)
    {
        var parts = credential.Split('/');
        return Convert.ToHexStringLower(Hmac(SigningKey(secretKey, parts[1], parts[2]), base64Policy));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
