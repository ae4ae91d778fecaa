using System.Buffers;
using System.Text;
using Plaudit.Server.Emails;

namespace Plaudit.Server.Tests.Emails;

/// <summary>Message parts are rendered straight to UTF-8: the same text, the same limits, as a rendered string.</summary>
public sealed class EmailTemplateTests
{
    [Fact]
    public async Task A_part_rendered_to_bytes_is_the_utf8_of_the_same_part_rendered_to_a_string()
    {
        var model = new Dictionary<string, object?>
        {
            ["customer"] = new Dictionary<string, object?> { ["name"] = "Zoë <Smith> & Co" },
            ["products"] = new List<object?> { new Dictionary<string, object?> { ["title"] = "Thé vert ☕", ["url"] = "https://example.com/?a=1&b=2" } },
        };
        const string source = "<p>Hi {{ customer.name }}</p>{% for p in products %}<a href=\"{{ p.url }}\">{{ p.title }}</a>{% endfor %}";
        foreach (var html in new[] { true, false })
        {
            var bytes = new ArrayBufferWriter<byte>();
            await EmailTemplates.RenderAsync(source, model, html, bytes);
            Assert.Equal(await EmailTemplates.RenderAsync(source, model, html), Encoding.UTF8.GetString(bytes.WrittenSpan));
        }
    }

    [Fact]
    public async Task A_template_whose_output_passes_the_limit_is_stopped_when_rendered_to_bytes()
    {
        // 3,000 steps of 1,000 characters: far under the step limit, over the 2 MB output limit.
        var model = new Dictionary<string, object?> { ["big"] = new string('x', 1000) };
        const string source = "{% for i in (1..3000) %}{{ big }}{% endfor %}";
        var text = await Assert.ThrowsAnyAsync<Exception>(() => EmailTemplates.RenderAsync(source, model, html: true));
        var bytes = await Assert.ThrowsAnyAsync<Exception>(() => EmailTemplates.RenderAsync(source, model, html: true, new ArrayBufferWriter<byte>()));
        Assert.Equal(text.GetType(), bytes.GetType());
        Assert.Contains("output", bytes.Message, StringComparison.OrdinalIgnoreCase);
    }
}
