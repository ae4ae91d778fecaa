using System.CommandLine;
using System.Text.Json;
using Plaudit.Server.Emails;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Plaudit.Server.Cli;

/// <summary>
/// <c>plaudit emails settings|preview|test</c>: a shop's review-request settings (printed as JSON,
/// changed by the options given, checked as update_shop_settings checks them), the rendered message
/// for one of its orders, and a test message sent through the configured transport.
/// </summary>
public static class EmailsCommand
{
    public static Command Create()
    {
        var emails = new Command("emails", "Review-request emails: settings, preview, test");
        emails.Subcommands.Add(Settings());
        emails.Subcommands.Add(Preview());
        emails.Subcommands.Add(Test());
        return emails;
    }

    private static Option<long> ShopOption() => new("--shop") { Description = "The shop's id", Required = true };

    private static Command Settings()
    {
        var shop = ShopOption();
        var enabled = new Option<bool?>("--enabled") { Description = "Send review requests (true/false)" };
        var days = new Option<int?>("--days-after-order") { Description = "Days after the order the request goes out (default 7)" };
        var reminder = new Option<int?>("--reminder-days") { Description = "Days after the request for one reminder; 0 for none (default 5)" };
        var start = new Option<string?>("--window-start") { Description = "Daily sending window start, HH:mm in the shop's time zone" };
        var end = new Option<string?>("--window-end") { Description = "Daily sending window end, HH:mm" };
        var timeZone = new Option<string?>("--time-zone") { Description = "IANA time zone, e.g. Europe/Berlin" };
        var sender = new Option<string?>("--sender-name") { Description = "The From name (default: the shop's name)" };
        var replyTo = new Option<string?>("--reply-to") { Description = "Where replies go" };
        var accent = new Option<string?>("--accent-color") { Description = "The shop's colour as #rrggbb (the email's button, the review form)" };
        var command = new Command("settings", "Show a shop's email settings, changing those given") { shop, enabled, days, reminder, start, end, timeZone, sender, replyTo, accent };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync([.. parse.UnmatchedTokens], async services =>
        {
            var shopId = parse.GetValue(shop);
            if (!await services.GetRequiredService<PlauditDbContext>().Shops.AnyAsync(s => s.Id == shopId, cancellationToken))
            {
                throw new CliRefusalException($"no shop with id {shopId}");
            }
            var changes = new Dictionary<string, object?>
            {
                ["enabled"] = parse.GetValue(enabled), ["days_after_order"] = parse.GetValue(days), ["reminder_days"] = parse.GetValue(reminder),
                ["window_start"] = parse.GetValue(start), ["window_end"] = parse.GetValue(end), ["time_zone"] = parse.GetValue(timeZone),
                ["sender_name"] = parse.GetValue(sender), ["reply_to"] = parse.GetValue(replyTo), ["accent_color"] = parse.GetValue(accent),
            }.Where(p => p.Value is not null).ToDictionary();
            var store = services.GetRequiredService<EmailSettingsStore>();
            var settings = await store.GetAsync(shopId, cancellationToken);
            if (changes.Count > 0)
            {
                var fields = JsonFields.Parse(new BufferedBody(JsonSerializer.SerializeToUtf8Bytes(changes)), out _);
                var update = EmailSettingsUpdate.Read(fields);
                if (fields.Error is not null)
                {
                    throw new CliRefusalException(fields.Error.Message);
                }
                var (updated, problem) = await store.UpdateAsync(shopId, update, cancellationToken);
                settings = problem is null ? updated : throw new CliRefusalException(problem);
            }
            Console.WriteLine(CliJson.Serialize(EmailSettingsJson.From(settings)));
        }, cancellationToken));
        return command;
    }

    private static Command Preview()
    {
        var shop = ShopOption();
        var order = new Option<string>("--order") { Description = "The order's id (as imported)", Required = true };
        var command = new Command("preview", "Print the review-request message for one of the shop's orders (MIME, as it would be sent)") { shop, order };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync([.. parse.UnmatchedTokens], async services =>
        {
            var message = await services.GetRequiredService<ReviewEmailPreview>().ForOrderAsync(parse.GetValue(shop), parse.GetValue(order)!, cancellationToken)
                ?? throw new CliRefusalException($"the shop has no order {parse.GetValue(order)}");
            await using var stdout = Console.OpenStandardOutput();
            await message.WriteToAsync(stdout, cancellationToken);
        }, cancellationToken));
        return command;
    }

    private static Command Test()
    {
        var shop = ShopOption();
        var to = new Option<string>("--to") { Description = "Where to send the test message", Required = true };
        var command = new Command("test", "Send the shop's review-request message for a sample order to an address") { shop, to };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync([.. parse.UnmatchedTokens], async services =>
        {
            if (!MimeKit.MailboxAddress.TryParse(parse.GetValue(to), out _))
            {
                throw new CliRefusalException("--to must be an email address");
            }
            var message = await services.GetRequiredService<ReviewEmailPreview>().SendTestAsync(parse.GetValue(shop), parse.GetValue(to)!, cancellationToken)
                ?? throw new CliRefusalException($"no shop with id {parse.GetValue(shop)}");
            Console.WriteLine(CliJson.Serialize(new { Sent = true, To = parse.GetValue(to), message.MessageId, Transport = services.GetRequiredService<IMailTransport>().Description }));
        }, cancellationToken));
        return command;
    }
}
