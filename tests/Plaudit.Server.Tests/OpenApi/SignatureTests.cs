using System.Text;
using Plaudit.Client;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.OpenApi;

public sealed class SignatureTests
{
    [Fact]
    public void Get_example_string_to_sign_matches_spec_section_2_2()
    {
        KeyValuePair<string, string>[] query = [new("product_ids", "9228589138176"), new("page_size", "20"), new("page", "1")];
        var canonical = OpenApiSignature.CanonicalParameters(query, "1732180800");
        Assert.Equal("page=1&page_size=20&product_ids=9228589138176&timestamp=1732180800", canonical);
    }

    [Fact]
    public void Post_example_string_to_sign_matches_spec_section_2_2()
    {
        var body = """{"topic":"review/created","url":"https://your-webhook-url.com"}""";
        var bytes = OpenApiSignature.StringToSign(OpenApiSignature.CanonicalParameters([], "1732180800"), Encoding.UTF8.GetBytes(body));
        Assert.Equal("timestamp=1732180800|{\"topic\":\"review/created\",\"url\":\"https://your-webhook-url.com\"}", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Hmac_is_lowercase_hex_sha256_on_a_known_vector()
    {
        // The well-known HMAC-SHA256 test vector (key "key").
        var sign = OpenApiSignature.Compute("key", Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog"));
        Assert.Equal("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", sign);
    }

    [Fact]
    public void Client_signature_agrees_with_an_independent_implementation()
    {
        KeyValuePair<string, string>[] query = [new("b", "2"), new("a", "x y"), new("A", "upper")];
        var body = "{ \"z\": 1,\n  \"a\": [2, 1] }";
        var expected = SpecSigner.Hmac("secret-token", SpecSigner.StringToSign(query.Select(q => (q.Key, q.Value)), 1732180800, body));
        Assert.Equal(expected, OpenApiSignature.Sign("secret-token", query, "1732180800", Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Keys_sort_ordinally_so_uppercase_comes_first()
    {
        var canonical = OpenApiSignature.CanonicalParameters([new("b", "1"), new("B", "2"), new("a", "3")], "1");
        Assert.Equal("B=2&a=3&b=1&timestamp=1", canonical);
    }

    [Fact]
    public void Empty_body_adds_no_separator()
    {
        var bytes = OpenApiSignature.StringToSign("timestamp=1", []);
        Assert.Equal("timestamp=1", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Signature_comparison_rejects_near_misses()
    {
        var sign = OpenApiSignature.Compute("k", "m"u8);
        Assert.True(OpenApiSignature.Matches(sign, sign.ToUpperInvariant()));
        Assert.False(OpenApiSignature.Matches(sign, sign[..^1] + (sign[^1] == '0' ? '1' : '0')));
        Assert.False(OpenApiSignature.Matches(sign, sign[..^2]));
        Assert.False(OpenApiSignature.Matches(sign, null));
    }
}
