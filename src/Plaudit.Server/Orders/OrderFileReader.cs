using System.Runtime.CompilerServices;
using System.Text.Json;
using CsvHelper;

namespace Plaudit.Server.Orders;

/// <summary>
/// Reads an order file as a stream, one order at a time: JSON Lines (one order object per line) or
/// CSV (a header row; one row per line item, the rows of one order next to each other).
/// </summary>
public static class OrderFileReader
{
    public static bool IsCsv(string path) => Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase);

    public static async IAsyncEnumerable<ImportRow> ReadJsonLinesAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            ImportRow row;
            try
            {
                using var document = JsonDocument.Parse(line);
                var (order, problem) = OrderInput.FromJson(document.RootElement);
                row = new ImportRow(number, order, problem);
            }
            catch (JsonException ex)
            {
                row = new ImportRow(number, null, $"not valid JSON ({ex.Message.Split('.')[0]})");
            }
            yield return row;
        }
    }

    /// <summary>
    /// Columns (by header name, any order): order_id, order_number, customer_name, customer_email,
    /// customer_phone, ordered_at, status, product_id, variant_id, title, quantity.
    /// </summary>
    public static async IAsyncEnumerable<ImportRow> ReadCsvAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var csv = CsvReader.Create(reader, new CsvReaderOptions
        {
            HasHeader = true,
            TrackLineNumbers = true,
            NormalizeHeaderName = header => header.Trim().ToLowerInvariant(),
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            MalformedData = CsvMalformedDataHandling.Recover,
        }, leaveOpen: true);
        await csv.ReadHeaderAsync(cancellationToken);
        if (!csv.TryGetFieldIndex("order_id", out _))
        {
            yield return new ImportRow(1, null, "the first row must be a header naming the columns, with at least order_id");
            yield break;
        }
        string? Field(string name) => csv.TryGetFieldIndex(name, out var index) && index < csv.FieldCount ? csv.GetString(index) : null;

        // The rows of one order arrive together: collect its line items, emit it when the next order starts.
        (int Line, string? OrderId, OrderInput? Order, string? Problem, List<OrderLine> Lines)? current = null;
        while (await csv.ReadAsync(cancellationToken))
        {
            var line = (int)csv.LineNumber;
            var orderId = Field("order_id")?.Trim();
            if (current is { } open && !string.IsNullOrEmpty(orderId) && open.OrderId == orderId)
            {
                // More line items of the same order (ignored once the order is refused).
                var (item, itemProblem) = open.Problem is null ? LineOf(Field) : (null, null);
                if (itemProblem is not null)
                {
                    current = open with { Problem = $"{itemProblem} (line {line})" };
                }
                else if (item is not null)
                {
                    open.Lines.Add(item);
                }
                continue;
            }
            if (current is { } finished)
            {
                yield return Finish(finished);
            }
            var (order, problem) = OrderInput.Create(orderId, Field("order_number"), Field("customer_name"), Field("customer_email"),
                Field("customer_phone"), Field("ordered_at"), Field("status"), []);
            var lines = new List<OrderLine>();
            if (problem is null)
            {
                var (first, firstProblem) = LineOf(Field);
                problem = firstProblem;
                if (first is not null)
                {
                    lines.Add(first);
                }
            }
            current = (line, orderId, order, problem, lines);
        }
        if (current is { } last)
        {
            yield return Finish(last);
        }
    }

    /// <summary>A row's line item, if it has a product_id column value (orders without items are fine).</summary>
    private static (OrderLine? Line, string? Problem) LineOf(Func<string, string?> field) =>
        string.IsNullOrWhiteSpace(field("product_id")) ? (null, null)
        : OrderInput.Line(field("product_id"), field("variant_id"), field("title"), field("quantity"));

    private static ImportRow Finish((int Line, string? OrderId, OrderInput? Order, string? Problem, List<OrderLine> Lines) row) =>
        row.Problem is not null || row.Order is null
            ? new ImportRow(row.Line, null, row.Problem ?? "not an order")
            : new ImportRow(row.Line, row.Order with { Lines = row.Lines }, null);
}
