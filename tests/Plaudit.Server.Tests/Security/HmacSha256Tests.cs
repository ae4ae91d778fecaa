using System.Security.Cryptography;
using Plaudit.Client;

namespace Plaudit.Server.Tests.Security;

public sealed class HmacSha256Tests
{
    // RFC 4231 section 4: test cases 1, 2, 3, 4, 6 (a key longer than the block) and 7.
    [Theory]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
    [InlineData("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd", "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")]
    [InlineData("0102030405060708090a0b0c0d0e0f10111213141516171819", "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd", "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")]
    [InlineData(Rfc4231LongKey, "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")]
    [InlineData(Rfc4231LongKey, "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e", "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")]
    public void Matches_the_rfc_4231_test_vectors(string keyHex, string messageHex, string expectedHex)
    {
        Assert.Equal(expectedHex, Convert.ToHexStringLower(HmacSha256.Compute(Convert.FromHexString(keyHex), Convert.FromHexString(messageHex))));
    }

    [Fact]
    public void Agrees_with_the_framework_hmac_for_every_key_and_message_length_around_the_block_and_buffer_edges()
    {
        var random = new Random(4231);
        int[] keyLengths = [0, 1, 32, 63, 64, 65, 131, 200];
        int[] messageLengths = [0, 1, 55, 64, 1000, 1024, 1025, 4096, 100_000];
        foreach (var keyLength in keyLengths)
        {
            foreach (var messageLength in messageLengths)
            {
                var key = new byte[keyLength];
                var message = new byte[messageLength];
                random.NextBytes(key);
                random.NextBytes(message);
                Assert.True(HMACSHA256.HashData(key, message).AsSpan().SequenceEqual(HmacSha256.Compute(key, message)), $"key {keyLength} bytes, message {messageLength} bytes");
            }
        }
    }

    private const string Rfc4231LongKey =
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
}
