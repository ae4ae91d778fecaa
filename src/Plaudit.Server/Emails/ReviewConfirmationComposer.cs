using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using MimeKit;
using Plaudit.Server.Orders;
using Plaudit.Server.Reviews;
using Plaudit.Server.Shops;

namespace Plaudit.Server.Emails;

/// <summary>
/// The short email that asks a storefront reviewer to confirm their address: one button to a signed,
/// expiring link naming exactly the reviews listed. Plaudit's own wording, not the shop's template: it
/// is a security message, and a merchant's template must not be able to drop or reword the link. Its
/// envelope is every customer email's (<see cref="EmailEnvelope"/>), unsubscribe headers included.
/// </summary>
public sealed class ReviewConfirmationComposer(EmailLinks links, IOptions<EmailOptions> options)
{
    public MimeMessage Compose(Shop shop, EmailSettings settings, Order order, IReadOnlyList<Review> reviews, ReviewEmail email)
    {
        var token = new EmailLinkToken(shop.Id, order.Id, order.CustomerEmail,
            reviews.Select(r => r.ProductId!).Distinct().ToList(), reviews.Select(r => r.Id).ToList());
        var confirm = links.ConfirmUrl(links.Protect(token, EmailLinkPurpose.ConfirmReview));
        var unsubscribe = links.UnsubscribeUrl(links.Protect(token with { ReviewIds = null }, EmailLinkPurpose.Tracking));
        var titles = reviews.Select(r => r.Product?.Title is { Length: > 0 } title ? title
            : order.Lines.FirstOrDefault(l => l.ProductId == r.ProductId)?.Title is { Length: > 0 } line ? line
            : "your purchase").Distinct().ToList();

        var message = new MimeMessage { Subject = $"Confirm your review for {shop.Name}".ReplaceLineEndings(" ") };
        var from = EmailEnvelope.Address(message, options.Value.FromAddress, shop, settings, order, unsubscribe);
        // Each arming has its own id (a later email names more reviews); a crash re-send of one arming repeats it.
        message.MessageId = $"review-confirmation-{email.Id}-{email.UpdatedAt.Ticks}-{shop.Id}@{from.Domain}";
        message.Body = new BodyBuilder
        {
            HtmlBody = Html(shop.Name, settings.AccentColor, titles, confirm, unsubscribe),
            TextBody = Text(shop.Name, titles, confirm, unsubscribe),
        }.ToMessageBody();
        return message;
    }

    private static string Html(string shopName, string accent, IReadOnlyList<string> titles, string confirm, string unsubscribe)
    {
        static string E(string value) => HtmlEncoder.Default.Encode(value);
        var items = new StringBuilder();
        foreach (var title in titles)
        {
            items.Append("<li>").Append(E(title)).Append("</li>");
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
            Thank you for your review of:<ul>{items}</ul>
            Confirm that this is your address and it will show as a verified purchase.
            If you did not write it, ignore this email: nothing changes.
            </td></tr>
            <tr><td align="center" style="padding:20px 28px 28px 28px;">
            <a href="{E(confirm)}" style="display:inline-block;background-color:{E(accent)};color:{E(ShopColor.TextOn(accent))};font-size:16px;font-weight:bold;text-decoration:none;padding:12px 24px;border-radius:6px;">Confirm my review</a>
            </td></tr>
            </table>
            <p style="font-family:Arial,Helvetica,sans-serif;font-size:12px;line-height:18px;color:#59636e;">
            <a href="{E(unsubscribe)}" style="color:#59636e;">Stop emails from {E(shopName)}</a></p>
            </td></tr>
            </table>
            </body>
            </html>
            """;
    }

    private static string Text(string shopName, IReadOnlyList<string> titles, string confirm, string unsubscribe) => $"""
        Thank you for your review of {string.Join(", ", titles)} at {shopName}.

        Confirm that this is your address and it will show as a verified purchase:
        {confirm}

        If you did not write it, ignore this email: nothing changes.

        --
        Stop emails from {shopName}: {unsubscribe}
        """;
}
