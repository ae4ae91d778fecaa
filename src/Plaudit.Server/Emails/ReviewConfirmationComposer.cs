using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using MimeKit;
using Plaudit.Server.Orders;
using Plaudit.Server.Reviews;
using Plaudit.Server.Shops;

namespace Plaudit.Server.Emails;

/// <summary>
/// The short email that asks a storefront reviewer to confirm their address: each waiting review with
/// its product and its own words, and its own signed, expiring link naming that review alone. Anyone may
/// submit a review in a buyer's name, so one button for all would let the buyer vouch for a stranger's
/// text; they confirm only what they recognise. Plaudit's own wording, not the shop's template: it is a
/// security message, and a merchant's template must not be able to drop or reword the links. Its
/// envelope is every customer email's (<see cref="EmailEnvelope"/>), unsubscribe headers included.
/// </summary>
public sealed class ReviewConfirmationComposer(EmailLinks links, IOptions<EmailOptions> options)
{
    public MimeMessage Compose(Shop shop, EmailSettings settings, Order order, IReadOnlyList<Review> reviews, ReviewEmail email)
    {
        var token = new EmailLinkToken(shop.Id, order.Id, order.CustomerEmail, reviews.Select(r => r.ProductId!).Distinct().ToList());
        var unsubscribe = links.UnsubscribeUrl(links.Protect(token, EmailLinkPurpose.Tracking));
        var items = reviews.Select(r => new Item(
            PendingReviewText.ProductTitle(r, order), PendingReviewText.Excerpt(r),
            links.ConfirmUrl(links.Protect(token with { ProductIds = [r.ProductId!], ReviewIds = [r.Id] }, EmailLinkPurpose.ConfirmReview)))).ToList();

        var message = new MimeMessage { Subject = $"Confirm your review for {shop.Name}".ReplaceLineEndings(" ") };
        var from = EmailEnvelope.Address(message, options.Value.FromAddress, shop, settings, order, unsubscribe);
        // Each arming has its own id (a later email names more reviews); a crash re-send of one arming repeats it.
        message.MessageId = $"review-confirmation-{email.Id}-{email.UpdatedAt.Ticks}-{shop.Id}@{from.Domain}";
        message.Body = new BodyBuilder
        {
            HtmlBody = Html(shop.Name, settings.AccentColor, items, unsubscribe),
            TextBody = Text(shop.Name, items, unsubscribe),
        }.ToMessageBody();
        return message;
    }

    private sealed record Item(string Product, string Excerpt, string ConfirmUrl);

    private static string Html(string shopName, string accent, IReadOnlyList<Item> items, string unsubscribe)
    {
        static string E(string value) => HtmlEncoder.Default.Encode(value);
        var rows = new StringBuilder();
        foreach (var item in items)
        {
            // One line per part: no line of the message passes SMTP's 998 characters.
            rows.Append("<tr><td style=\"padding:12px 28px 0 28px;font-size:16px;line-height:24px;\"><strong>").Append(E(item.Product)).Append("</strong><br>\n")
                .Append("<span style=\"color:#59636e;\">&ldquo;").Append(E(item.Excerpt)).Append("&rdquo;</span></td></tr>\n")
                .Append("<tr><td style=\"padding:8px 28px 12px 28px;\"><a href=\"").Append(E(item.ConfirmUrl))
                .Append("\"\nstyle=\"display:inline-block;background-color:").Append(E(accent)).Append(";color:").Append(E(ShopColor.TextOn(accent)))
                .Append(";font-size:15px;font-weight:bold;text-decoration:none;padding:10px 20px;border-radius:6px;\">I wrote this: confirm</a></td></tr>\n");
        }
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{E(shopName)}</title></head>
            <body style="margin:0;padding:0;background-color:#f4f5f7;">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background-color:#f4f5f7;">
            <tr><td align="center" style="padding:24px 12px;">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background-color:#ffffff;border-radius:8px;font-family:Arial,Helvetica,sans-serif;color:#1f2328;">
            <tr><td style="padding:28px 28px 8px 28px;font-size:20px;font-weight:bold;">{E(shopName)}</td></tr>
            <tr><td style="padding:8px 28px;font-size:16px;line-height:24px;">
            These reviews were submitted with your email address. Confirm each one you wrote and it will show
            as a verified purchase. Do not confirm a review you did not write: it stays unconfirmed.
            </td></tr>
            {rows}<tr><td style="padding:8px 28px 28px 28px;"></td></tr>
            </table>
            <p style="font-family:Arial,Helvetica,sans-serif;font-size:12px;line-height:18px;color:#59636e;">
            <a href="{E(unsubscribe)}" style="color:#59636e;">Stop emails from {E(shopName)}</a></p>
            </td></tr>
            </table>
            </body>
            </html>
            """;
    }

    private static string Text(string shopName, IReadOnlyList<Item> items, string unsubscribe)
    {
        var list = new StringBuilder();
        foreach (var item in items)
        {
            list.Append("- ").Append(item.Product).Append(": \"").Append(item.Excerpt).Append("\"\n  I wrote this, confirm it: ").Append(item.ConfirmUrl).Append("\n\n");
        }
        return $"""
            These reviews were submitted at {shopName} with your email address:

            {list}Confirm each one you wrote and it will show as a verified purchase.
            Do not confirm a review you did not write: it stays unconfirmed.

            --
            Stop emails from {shopName}: {unsubscribe}
            """;
    }
}
