using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using Fluid;

namespace Plaudit.Server.Emails;

/// <summary>
/// Liquid (through Fluid) for the merchant's templates: a template can read the variables it is
/// given and nothing else (no file system, no .NET members), and its run is bounded in steps and
/// output, so a merchant's template cannot take the sender down. Values are HTML-encoded in the
/// HTML part and left as they are in the subject and text part.
/// </summary>
public static class EmailTemplates
{
    private const int MaxCached = 256;
    private static readonly FluidParser Parser = new();
    private static readonly ConcurrentDictionary<string, IFluidTemplate> Cache = new(StringComparer.Ordinal);
    // By reference, in front of Cache: a message renders three templates, and hashing each template's whole
    // text to find it took more time than some renders. A chunk's emails share their shop's template strings.
    private static readonly ConditionalWeakTable<string, IFluidTemplate> BySource = [];
    private static readonly TemplateOptions Options = new TemplateOptionsBuilder()
        .WithMaxSteps(200_000).WithMaxRecursion(20).WithMaxOutputSize(2 * 1024 * 1024).WithMaxCollectionSize(10_000)
        .Build();

    /// <summary>Why <paramref name="source"/> does not parse, or null when it does.</summary>
    public static string? ParseProblem(string source) => Parser.TryParse(source, out _, out var error) ? null : error;

    public static async Task<string> RenderAsync(string source, IReadOnlyDictionary<string, object?> model, bool html) =>
        await Parse(source).RenderAsync(Context(model), Encoder(html));

    /// <summary>
    /// Renders as UTF-8 into <paramref name="output"/>: a message part is made from these bytes, with no
    /// string in between to allocate, copy and encode again (a message's HTML is about 10 KB).
    /// </summary>
    public static async Task RenderAsync(string source, IReadOnlyDictionary<string, object?> model, bool html, IBufferWriter<byte> output) =>
        await Parse(source).RenderAsync(output, Encoder(html), Context(model));

    private static TextEncoder Encoder(bool html) => html ? HtmlEncoder.Default : NullEncoder.Default;

    // One per render: a template's assigns and its step count stay its own (a message renders three).
    private static TemplateContext Context(IReadOnlyDictionary<string, object?> model)
    {
        var context = new TemplateContext(Options);
        foreach (var (name, value) in model)
        {
            context.SetValue(name, value ?? "");
        }
        return context;
    }

    private static IFluidTemplate Parse(string source)
    {
        if (BySource.TryGetValue(source, out var known))
        {
            return known;
        }
        if (Cache.TryGetValue(source, out var cached))
        {
            BySource.AddOrUpdate(source, cached);
            return cached;
        }
        if (!Parser.TryParse(source, out var template, out var error))
        {
            throw new InvalidOperationException($"The email template does not parse: {error}");
        }
        if (Cache.Count >= MaxCached)
        {
            Cache.Clear();
        }
        Cache[source] = template;
        BySource.AddOrUpdate(source, template);
        return template;
    }
}
