using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using Plaudit.Server.Orders;
using Plaudit.Server.Reviews;
using Plaudit.Server.Shops;

namespace Plaudit.Server.Emails;

/// <summary>
/// Builds one review-request message: the shop's templates (or the default) rendered with the
/// order's variables, an HTML and a plain-text part, the shop's sender name over the server's From
/// address, and RFC 8058 one-click unsubscribe headers. The Message-ID is derived from the email's
/// row, so a copy re-sent after a crash carries the same id and mail systems can recognise it.
/// </summary>
public sealed class ReviewEmailComposer(EmailLinks links, IOptions<EmailOptions> options)
{
    public async Task<MimeMessage> ComposeAsync(
        Shop shop, EmailSettings settings, Order order, IReadOnlyList<OrderLine> lines, IReadOnlyDictionary<string, Product> products,
        string kind, long emailId, CancellationToken cancellationToken)
    {
        var token = new EmailLinkToken(shop.Id, order.Id, order.CustomerEmail, lines.Select(l => l.ProductId).ToList());
        var form = links.Protect(token, EmailLinkPurpose.ReviewForm);
        var tracking = links.Protect(token, EmailLinkPurpose.Tracking);
        var unsubscribe = links.UnsubscribeUrl(tracking);
        var model = Model(shop, settings, order, lines, products, kind, form, unsubscribe);

        var subject = await EmailTemplates.RenderAsync(Or(settings.Subject, DefaultEmailTemplate.Subject), model, html: false);
        using var html = new PooledBufferWriter(16 * 1024);
        await EmailTemplates.RenderAsync(Or(settings.HtmlTemplate, DefaultEmailTemplate.Html), model, html: true, html);
        using var text = new PooledBufferWriter(4 * 1024);
        await EmailTemplates.RenderAsync(Or(settings.TextTemplate, DefaultEmailTemplate.Text), model, html: false, text);
        cancellationToken.ThrowIfCancellationRequested();
        // The open pixel goes in whatever template the shop wrote.
        var pixel = Encoding.UTF8.GetBytes($"<img src=\"{links.OpenUrl(tracking)}\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;\">");

        var message = new MimeMessage { Subject = OneLine(subject) };
        var from = EmailEnvelope.Address(message, options.Value.FromAddress, shop, settings, order, unsubscribe);
        message.MessageId = $"review-{kind}-{emailId}-{shop.Id}@{from.Domain}";
        // What BodyBuilder makes of an HTML and a text body, from the rendered bytes as they are.
        message.Body = new MultipartAlternative { Utf8Part("plain", text.WrittenSpan.ToArray()), Utf8Part("html", WithPixel(html.WrittenSpan, pixel)) };
        return message;
    }

    /// <summary>The HTML with the pixel inserted before its last <c>&lt;/body&gt;</c> (found from the end, where it is), or appended.</summary>
    private static byte[] WithPixel(ReadOnlySpan<byte> html, byte[] pixel)
    {
        var bodyEnd = LastBodyEnd(html);
        var at = bodyEnd < 0 ? html.Length : bodyEnd;
        var result = new byte[html.Length + pixel.Length];
        html[..at].CopyTo(result);
        pixel.CopyTo(result.AsSpan(at));
        html[at..].CopyTo(result.AsSpan(at + pixel.Length));
        return result;
    }

    private static int LastBodyEnd(ReadOnlySpan<byte> html)
    {
        var tag = "</body>"u8;
        for (var i = html.Length - tag.Length; i >= 0; i--)
        {
            if (html[i] == (byte)'<' && Ascii.EqualsIgnoreCase(html.Slice(i, tag.Length), tag))
            {
                return i;
            }
        }
        return -1;
    }

    private static TextPart Utf8Part(string subtype, byte[] utf8)
    {
        var part = new TextPart(subtype) { Content = new MimeContent(new MemoryStream(utf8, writable: false)) };
        part.ContentType.Charset = "utf-8";
        return part;
    }

    /// <summary>The variables a template sees (docs/emails.md lists them).</summary>
    private Dictionary<string, object?> Model(
        Shop shop, EmailSettings settings, Order order, IReadOnlyList<OrderLine> lines, IReadOnlyDictionary<string, Product> products, string kind, string form, string unsubscribe)
    {
        var shopUrl = string.IsNullOrEmpty(shop.Domain) ? "" : $"https://{shop.Domain}/";
        // The form's links are built once per message, not once per product.
        var formUrl = links.FormUrl(form);
        var starUrls = Enumerable.Range(1, 5).Select(rating => links.FormUrl(form, rating)).ToArray();
        return new Dictionary<string, object?>
        {
            ["shop"] = new Dictionary<string, object?>
            {
                ["name"] = shop.Name, ["domain"] = shop.Domain ?? "", ["url"] = shopUrl,
                ["accent_color"] = settings.AccentColor, ["accent_text_color"] = ShopColor.TextOn(settings.AccentColor),
            },
            ["customer"] = new Dictionary<string, object?>
            {
                ["name"] = order.CustomerName,
                ["first_name"] = order.CustomerName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "",
                ["email"] = order.CustomerEmail,
            },
            ["order"] = new Dictionary<string, object?>
            {
                ["id"] = order.OrderId,
                ["number"] = order.OrderNumber,
                ["ordered_at"] = order.OrderedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            },
            ["products"] = lines.Select(line =>
            {
                var product = products.GetValueOrDefault(line.ProductId);
                var productParameter = "&product=" + Uri.EscapeDataString(line.ProductId);
                return new Dictionary<string, object?>
                {
                    ["id"] = line.ProductId,
                    ["title"] = Or(product?.Title, Or(line.Title, "Your purchase")),
                    ["image"] = product?.ImageSrc ?? "",
                    ["url"] = product?.Url ?? "",
                    ["review_url"] = formUrl + "#product-" + line.ProductId,
                    ["stars"] = Enumerable.Range(1, 5).Select(rating => new Dictionary<string, object?>
                    {
                        ["rating"] = rating,
                        ["url"] = starUrls[rating - 1] + productParameter,
                    }).ToList(),
                };
            }).ToList(),
            ["review_url"] = formUrl,
            ["unsubscribe_url"] = unsubscribe,
            ["is_reminder"] = kind == ReviewEmailKind.Reminder,
        };
    }

    private static string Or(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
