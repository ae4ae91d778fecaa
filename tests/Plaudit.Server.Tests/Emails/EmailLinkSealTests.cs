using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plaudit.Server.Emails;
using Plaudit.Server.Storage;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Emails;

/// <summary>The email link tokens (<see cref="EmailLinkSeal"/>) against someone changing, reusing or forging them.</summary>
public sealed class EmailLinkSealTests
{
    private static readonly EmailLinkToken Content = new(7, 42, "ana@example.com", ["P1", "P2"]);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_token_reads_back_its_content_and_shows_no_address(DatabaseProvider provider)
    {
        await using var env = await EmailTestServer.StartAsync(provider);
        var links = env.Server.Services.GetRequiredService<EmailLinks>();
        var token = links.Protect(Content, EmailLinkPurpose.ReviewForm);

        var read = links.Read(token, EmailLinkPurpose.ReviewForm)!;
        Assert.Equal((Content.ShopId, Content.OrderRowId, Content.Email), (read.ShopId, read.OrderRowId, read.Email));
        Assert.Equal(Content.ProductIds, read.ProductIds);
        Assert.DoesNotContain("ana@example.com", Encoding.Latin1.GetString(WebEncoders.Base64UrlDecode(token)), StringComparison.Ordinal);
        await using var scope = env.Server.Services.CreateAsyncScope();
        var key = await scope.ServiceProvider.GetRequiredService<PlauditDbContext>().EmailLinkKeys.SingleAsync();
        Assert.DoesNotContain(Convert.ToBase64String(env.Server.Services.GetRequiredService<EmailLinkKeys>().Newest.Secret), key.ProtectedSecret, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_byte_anywhere_is_refused()
    {
        await using var env = await EmailTestServer.StartAsync();
        var links = env.Server.Services.GetRequiredService<EmailLinks>();
        var bytes = WebEncoders.Base64UrlDecode(links.Protect(Content, EmailLinkPurpose.ReviewForm));
        for (var i = 0; i < bytes.Length; i++)
        {
            var changed = bytes.ToArray();
            changed[i] ^= 0x01;
            Assert.Null(links.Read(WebEncoders.Base64UrlEncode(changed), EmailLinkPurpose.ReviewForm));
        }
        Assert.Null(links.Read(WebEncoders.Base64UrlEncode(bytes[..^1]), EmailLinkPurpose.ReviewForm));
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        await using var env = await EmailTestServer.StartAsync();
        var links = env.Server.Services.GetRequiredService<EmailLinks>();
        var form = links.Protect(Content, EmailLinkPurpose.ReviewForm);
        var confirm = links.Protect(Content, EmailLinkPurpose.ConfirmReview);

        env.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.NotNull(links.Read(confirm, EmailLinkPurpose.ConfirmReview));
        env.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(links.Read(confirm, EmailLinkPurpose.ConfirmReview));
        Assert.NotNull(links.Read(form, EmailLinkPurpose.ReviewForm));

        env.Clock.Advance(TimeSpan.FromDays(60 - 7));
        Assert.Null(links.Read(form, EmailLinkPurpose.ReviewForm));
    }

    [Fact]
    public async Task A_token_opens_only_the_kind_of_link_it_was_made_for()
    {
        await using var env = await EmailTestServer.StartAsync();
        var links = env.Server.Services.GetRequiredService<EmailLinks>();
        var tracking = links.Protect(Content, EmailLinkPurpose.Tracking);

        Assert.NotNull(links.ReadTracking(tracking, EmailLinkPurpose.Unsubscribe));
        Assert.Null(links.Read(tracking, EmailLinkPurpose.ReviewForm));
        Assert.Null(links.Read(tracking, EmailLinkPurpose.ConfirmReview));
        Assert.Null(links.Read(links.Protect(Content, EmailLinkPurpose.ReviewForm), EmailLinkPurpose.Tracking));
    }

    [Fact]
    public async Task A_token_sealed_with_another_key_is_refused()
    {
        await using var env = await EmailTestServer.StartAsync();
        var links = env.Server.Services.GetRequiredService<EmailLinks>();
        var (keyId, _) = env.Server.Services.GetRequiredService<EmailLinkKeys>().Newest;
        var content = Encoding.UTF8.GetBytes("""{"ShopId":7,"OrderRowId":42,"Email":"ana@example.com","ProductIds":["P1"]}""");
        var expires = env.Clock.GetUtcNow().AddDays(1);

        var otherSecret = EmailLinkSeal.Seal(keyId, RandomNumberGenerator.GetBytes(32), EmailLinkPurpose.ReviewForm, expires, content);
        Assert.Null(links.Read(WebEncoders.Base64UrlEncode(otherSecret), EmailLinkPurpose.ReviewForm));
        var unknownKey = EmailLinkSeal.Seal(keyId + 99, RandomNumberGenerator.GetBytes(32), EmailLinkPurpose.ReviewForm, expires, content);
        Assert.Null(links.Read(WebEncoders.Base64UrlEncode(unknownKey), EmailLinkPurpose.ReviewForm));
    }

    [Fact]
    public async Task A_key_added_by_another_node_is_used_for_new_tokens_there_and_read_here()
    {
        await using var env = await EmailTestServer.StartAsync();
        var links = env.Server.Services.GetRequiredService<EmailLinks>();
        var before = links.Protect(Content, EmailLinkPurpose.ReviewForm);
        var protector = env.Server.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Plaudit.Emails.LinkKey", "v1");
        var secret = RandomNumberGenerator.GetBytes(32);
        await using (var scope = env.Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
            db.EmailLinkKeys.Add(new EmailLinkKey { Id = 2, ProtectedSecret = protector.Protect(Convert.ToBase64String(secret)), CreatedAt = env.Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }
        var rotated = EmailLinkSeal.Seal(2, secret, EmailLinkPurpose.ReviewForm, env.Clock.GetUtcNow().AddDays(1), System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Content));

        // This node looks for keys it does not know only every so often: a forged key id costs no query each.
        Assert.Null(links.Read(WebEncoders.Base64UrlEncode(rotated), EmailLinkPurpose.ReviewForm));
        env.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(42, links.Read(WebEncoders.Base64UrlEncode(rotated), EmailLinkPurpose.ReviewForm)!.OrderRowId);
        Assert.Equal(42, links.Read(before, EmailLinkPurpose.ReviewForm)!.OrderRowId);
        Assert.Equal(2, env.Server.Services.GetRequiredService<EmailLinkKeys>().Newest.Id);
    }

    [Fact]
    public async Task A_link_made_with_data_protection_before_the_seal_is_still_read()
    {
        await using var env = await EmailTestServer.StartAsync();
        var services = env.Server.Services;
        var links = services.GetRequiredService<EmailLinks>();
        var dataProtection = services.GetRequiredService<IDataProtectionProvider>();
        string Legacy(EmailLinkPurpose purpose, DateTimeOffset expires) => WebEncoders.Base64UrlEncode(
            dataProtection.CreateProtector("Plaudit.Emails.Link", purpose.ToString(), "v1").ToTimeLimitedDataProtector()
                .Protect(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Content), expires));

        Assert.Equal("ana@example.com", links.Read(Legacy(EmailLinkPurpose.ReviewForm, DateTimeOffset.UtcNow.AddDays(1)), EmailLinkPurpose.ReviewForm)!.Email);
        Assert.NotNull(links.ReadTracking(Legacy(EmailLinkPurpose.Unsubscribe, DateTimeOffset.UtcNow.AddDays(1)), EmailLinkPurpose.Unsubscribe));
        Assert.Null(links.Read(Legacy(EmailLinkPurpose.Open, DateTimeOffset.UtcNow.AddDays(1)), EmailLinkPurpose.ReviewForm));
        Assert.Null(links.Read(Legacy(EmailLinkPurpose.ReviewForm, DateTimeOffset.UtcNow.AddSeconds(-1)), EmailLinkPurpose.ReviewForm));
    }
}
