using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Mvc;
using Plaudit.Server.Hosting;
using Plaudit.Server.Merchants;
using Plaudit.Server.Orders;

namespace Plaudit.Server.Dashboard;

/// <summary>
/// The orders page's file import (CSV or JSON Lines, as <c>plaudit orders import</c> reads them). The
/// answer is an HTML page streamed while the import runs: the browser shows each batch as it is saved,
/// without any script, and the rejected rows at the end. One request does it all, so any node can.
/// </summary>
public static class OrderImportPage
{
    public const string Path = DashboardPaths.Orders + "/import";

    /// <summary>Bigger files go through the CLI or the API in parts.</summary>
    public const long MaxFileBytes = 50 * 1024 * 1024;

    /// <summary>The report lists this many rejected rows; the count covers them all.</summary>
    public const int MaxRejectionsShown = 1000;

    public static IEndpointRouteBuilder MapOrderImport(this IEndpointRouteBuilder app)
    {
        // An IFormFile parameter makes the endpoint require a valid antiforgery token (UseAntiforgery).
        app.MapPost(Path, ImportAsync)
            .RequireAuthorization(DashboardEndpoints.MerchantPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxFileBytes + 64 * 1024))
            .DisableRequestTimeout()
            .ExcludeFromDescription();
        return app;
    }

    private static async Task ImportAsync(HttpContext http, IFormFile? file, OrderImporter importer, DashboardAssets assets)
    {
        var session = MerchantAuth.SessionOf(http.User)!;
        var response = http.Response;
        DashboardEndpoints.ApplyHeaders(response.Headers);
        response.ContentType = "text/html; charset=utf-8";
        if (file is null || file.Length == 0)
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            await WriteAsync(response, Start(assets, "No file") + "<p class=\"error\" role=\"alert\">Choose a CSV or JSON Lines file to import.</p>" + End, http.RequestAborted);
            return;
        }
        var name = System.IO.Path.GetFileName(file.FileName);
        await WriteAsync(response, Start(assets, "Importing " + name) + "<ol class=\"progress\" aria-live=\"polite\">", http.RequestAborted);

        var progress = Channel.CreateUnbounded<int>();
        var shown = Task.Run(async () =>
        {
            await foreach (var rows in progress.Reader.ReadAllAsync(http.RequestAborted))
            {
                await WriteAsync(response, $"<li>{rows.ToString("N0", CultureInfo.InvariantCulture)} orders processed</li>", http.RequestAborted);
            }
        });
        ImportReport report;
        await using (var stream = file.OpenReadStream())
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        {
            var rows = OrderFileReader.IsCsv(name)
                ? OrderFileReader.ReadCsvAsync(reader, http.RequestAborted)
                : OrderFileReader.ReadJsonLinesAsync(reader, http.RequestAborted);
            try
            {
                report = await importer.ImportAsync(session.ShopId, rows, done => progress.Writer.TryWrite(done), http.RequestAborted);
            }
            finally
            {
                progress.Writer.Complete();
                await shown;
            }
        }
        await WriteAsync(response, "</ol>" + Report(report) + End, http.RequestAborted);
    }

    private static string Report(ImportReport report)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <section aria-labelledby="report"><h2 id="report">Import finished</h2>
            <div role="status"><ul class="facts">
            <li><strong>{report.Imported:N0}</strong> new orders</li>
            <li><strong>{report.Updated:N0}</strong> updated</li>
            <li><strong>{report.Rejected.Count:N0}</strong> rejected</li>
            <li><strong>{report.VerifiedReviews:N0}</strong> reviews newly verified</li>
            </ul></div>
            """);
        if (report.Rejected.Count > 0)
        {
            html.Append("<table><caption>Rejected rows</caption><thead><tr><th scope=\"col\">Line</th><th scope=\"col\">Why</th></tr></thead><tbody>");
            foreach (var rejection in report.Rejected.Take(MaxRejectionsShown))
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"num\">{rejection.Line}</td><td>{HtmlPage.Encode(rejection.Reason)}</td></tr>");
            }
            html.Append("</tbody></table>");
            if (report.Rejected.Count > MaxRejectionsShown)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">The first {MaxRejectionsShown:N0} rejected rows are shown.</p>");
            }
        }
        return html.Append("</section>").ToString();
    }

    private static string Start(DashboardAssets assets, string title) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{HtmlPage.Encode(title)} · Plaudit</title><link rel="stylesheet" href="{assets.StylesheetPath}"></head>
        <body><header class="top"><span class="brand">Plaudit</span></header><main id="content" class="import">
        <h1>{HtmlPage.Encode(title)}</h1>
        """;

    private const string End = $"""<p><a class="button" href="{DashboardPaths.Orders}">Back to orders</a></p></main></body></html>""";

    private static async Task WriteAsync(HttpResponse response, string html, CancellationToken cancellationToken)
    {
        await response.WriteAsync(html, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
