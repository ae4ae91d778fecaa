using MimeKit;
using Plaudit.Server.Orders;
using Plaudit.Server.Shops;

namespace Plaudit.Server.Emails;

/// <summary>
/// What every message to a shop's customer carries, whatever its kind: the server's From address under
/// the shop's sender name, the shop's Reply-To, and RFC 8058 one-click unsubscribe headers (Gmail and
/// Yahoo require them of bulk senders; anyone can cause a confirmation email, so it carries them too).
/// </summary>
public static class EmailEnvelope
{
    /// <summary>Addresses <paramref name="message"/> to the order's customer; returns the From address (its domain names Message-IDs).</summary>
    public static MailboxAddress Address(MimeMessage message, string fromAddress, Shop shop, EmailSettings settings, Order order, string unsubscribeUrl)
    {
        var from = MailboxAddress.Parse(fromAddress);
        from.Name = string.IsNullOrWhiteSpace(settings.SenderName) ? shop.Name : settings.SenderName;
        message.From.Add(from);
        message.To.Add(new MailboxAddress(order.CustomerName, order.CustomerEmail));
        if (settings.ReplyTo.Length > 0)
        {
            message.ReplyTo.Add(MailboxAddress.Parse(settings.ReplyTo));
        }
        message.Headers.Add("List-Unsubscribe", $"<{unsubscribeUrl}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return from;
    }
}
