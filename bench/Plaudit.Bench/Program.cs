using System.Globalization;
using Plaudit.Bench;

// bench/run.sh calls this: `reads [reviews] [seconds]`, `storefront [reviews] [seconds]`, `webhooks [events]`, `media [bytes]`, `emails [requests]`, `widget [reviews] [seconds]`, `dashboard [reviews] [seconds]`, `cluster [events per second] [seconds]` (PostgreSQL only), or no argument for all.
var mode = args.Length > 0 ? args[0] : "all";
// Before the ceilings open their SQLite files, so Plaudit and its ceilings run SQLite in the same (multi-thread) mode.
Plaudit.Server.Storage.SqliteThreading.EnsureConfigured();
var ok = true;
if (mode is "all" or "reads")
{
    var reviews = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
    var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
    ok &= await ReadBenchmark.RunAsync(reviews, seconds, Path.Combine("bench", "results", "get_reviews.md"));
}
if (mode is "all" or "storefront")
{
    var reviews = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
    var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 6;
    ok &= await StorefrontBenchmark.RunAsync(reviews, seconds, Path.Combine("bench", "results", "storefront.md"));
}
if (mode is "all" or "webhooks")
{
    var events = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40_000;
    ok &= await WebhookBenchmark.RunAsync(events, Path.Combine("bench", "results", "webhooks.md"));
}
if (mode is "all" or "media")
{
    var bytes = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 200L * 1024 * 1024;
    ok &= await MediaBenchmark.RunAsync(bytes, Path.Combine("bench", "results", "media.md"));
}
if (mode is "all" or "emails")
{
    var requests = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
    ok &= await EmailBenchmark.RunAsync(requests, Path.Combine("bench", "results", "emails.md"));
}
if (mode is "all" or "widget")
{
    var reviews = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
    var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
    ok &= await WidgetBenchmark.RunAsync(reviews, seconds, Path.Combine("bench", "results", "widget.md"));
}
if (mode is "all" or "dashboard")
{
    var reviews = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
    var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 6;
    ok &= await DashboardBenchmark.RunAsync(reviews, seconds, Path.Combine("bench", "results", "dashboard.md"));
}
if (mode is "cluster")
{
    // Not part of "all": it needs PLAUDIT_BENCH_POSTGRES.
    var perSecond = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
    var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
    ok &= await ClusterLatencyBenchmark.RunAsync(perSecond, seconds, Path.Combine("bench", "results", "cluster.md"));
}
return ok ? 0 : 1;
