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
        var from = new MailboxAddress(string.IsNullOrWhiteSpace(settings.SenderName) ? shop.Name : settings.SenderName, ServerAddress(fromAddress));
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

    /// <summary>The address in Emails:FromAddress (which may carry a name of its own), parsed once rather than per message.</summary>
    private static string ServerAddress(string fromAddress)
    {
        var parsed = _parsed;
        if (parsed is null || !ReferenceEquals(parsed.Source, fromAddress))
        {
            _parsed = parsed = new ParsedAddress(fromAddress, MailboxAddress.Parse(fromAddress).Address);
        }
        return parsed.Address;
    }

    private sealed record ParsedAddress(string Source, string Address);

    private static ParsedAddress? _parsed;
}
