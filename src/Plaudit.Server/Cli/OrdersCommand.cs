using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Orders;
using Plaudit.Server.Storage;
using Spectre.Console;

namespace Plaudit.Server.Cli;

/// <summary>
/// <c>plaudit orders import --shop ID FILE</c>: JSON Lines or CSV (by the .csv extension), idempotent
/// by order id, with a progress bar on a terminal and a report of every refused row by line number.
/// Exit code 0 when every row was imported, 1 when some were refused, 2 when nothing could be read.
/// </summary>
public static class OrdersCommand
{
    public static Command Create()
    {
        var shop = new Option<long>("--shop") { Description = "The shop's id", Required = true };
        var file = new Argument<FileInfo>("file") { Description = "A .jsonl file (one order object per line) or a .csv file (one row per line item)" };
        var import = new Command("import", "Import orders from a file (re-importing an order updates it)") { shop, file };
        import.TreatUnmatchedTokensAsErrors = false;
        import.SetAction((parseResult, cancellationToken) =>
            ImportAsync(parseResult.GetValue(shop), parseResult.GetValue(file)!, [.. parseResult.UnmatchedTokens], cancellationToken));
        var orders = new Command("orders", "Manage a shop's orders");
        orders.Subcommands.Add(import);
        return orders;
    }

    private static async Task<int> ImportAsync(long shopId, FileInfo file, string[] configurationArgs, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            await Console.Error.WriteLineAsync($"error: no such file: {file.FullName}");
            return 2;
        }
        using var host = await CliHost.StartAsync(configurationArgs, cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        if (!await scope.ServiceProvider.GetRequiredService<PlauditDbContext>().Shops.AnyAsync(s => s.Id == shopId, cancellationToken))
        {
            await Console.Error.WriteLineAsync($"error: no shop with id {shopId}");
            return 2;
        }
        var importer = scope.ServiceProvider.GetRequiredService<OrderImporter>();
        await using var stream = file.OpenRead();
        using var reader = new StreamReader(stream);
        var rows = OrderFileReader.IsCsv(file.Name)
            ? OrderFileReader.ReadCsvAsync(reader, cancellationToken)
            : OrderFileReader.ReadJsonLinesAsync(reader, cancellationToken);

        ImportReport report;
        if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
        {
            report = await AnsiConsole.Progress().AutoClear(false).StartAsync(async progress =>
            {
                var task = progress.AddTask($"Importing {file.Name}", maxValue: Math.Max(1, stream.Length));
                return await importer.ImportAsync(shopId, rows, _ => task.Value = stream.Position, cancellationToken);
            });
        }
        else
        {
            report = await importer.ImportAsync(shopId, rows, null, cancellationToken);
        }

        Console.WriteLine($"Imported {report.Imported:N0} new orders, updated {report.Updated:N0}; verified {report.VerifiedReviews:N0} reviews; refused {report.Rejected.Count:N0} rows.");
        foreach (var rejection in report.Rejected)
        {
            Console.WriteLine($"  line {rejection.Line}: {rejection.Reason}");
        }
        return report.Rejected.Count == 0 ? 0 : 1;
    }
}
