using System.Net;
using System.Text.RegularExpressions;

namespace Plaudit.Server.Tests.Infrastructure;

/// <summary>
/// What a browser does with Plaudit's pages, over real HTTP: keeps cookies, does not follow
/// redirects (tests look at them), and posts a page's form with its hidden fields.
/// </summary>
public sealed partial class Browser : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="cookies">Another browser's cookies: the same browser, pointed at another node.</param>
    public Browser(Uri baseAddress, CookieContainer? cookies = null)
    {
        Cookies = cookies ?? new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public CookieContainer Cookies { get; }

    /// <summary>Browsers send <c>Origin</c> with every POST; an old browser or another client may not.</summary>
    public bool SendsOrigin { get; set; } = true;

    public async Task<Page> GetAsync(string url) => await Page.FromAsync(await _http.GetAsync(url));

    /// <summary>Posts a form as a page of this site would (with its Origin), unless <paramref name="headers"/> say otherwise.</summary>
    public async Task<Page> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        if (SendsOrigin && !headers.Any(h => h.Name.Equals("Origin", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.Add("Origin", _http.BaseAddress!.GetLeftPart(UriPartial.Authority));
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }
        return await Page.FromAsync(await _http.SendAsync(request));
    }

    /// <summary>Submits the page's first form with its hidden fields, the given fields, and the button pressed.</summary>
    public Task<Page> SubmitAsync(Page page, IReadOnlyDictionary<string, string>? fields = null)
    {
        var form = page.Form();
        var values = form.Hidden.ToDictionary();
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            values[name] = value;
        }
        return PostFormAsync(form.Action, values);
    }

    public async Task SignInAsync(string email, string password)
    {
        var form = await GetAsync("/merchant/sign-in");
        var result = await SubmitAsync(form, new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        Assert.True(result.Status == HttpStatusCode.Redirect, $"sign-in failed: {result.Status} {result.Html}");
    }

    public void Dispose() => _http.Dispose();

    public sealed record Page(HttpStatusCode Status, string Html, Uri? Location)
    {
        public static async Task<Page> FromAsync(HttpResponseMessage response)
        {
            using (response)
            {
                return new Page(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location);
            }
        }

        public HtmlForm Form()
        {
            var form = FormTag().Match(Html);
            Assert.True(form.Success, $"no form on the page: {Html}");
            var hidden = HiddenInput().Matches(form.Value)
                .Select(m => KeyValuePair.Create(WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value)))
                .ToList();
            return new HtmlForm(WebUtility.HtmlDecode(form.Groups["action"].Value), hidden);
        }

        /// <summary>Every POST form on the page, whatever the order of its attributes (the dashboard's Razor components write their own).</summary>
        public IReadOnlyList<HtmlForm> Forms() =>
            AnyPostForm().Matches(Html).Select(form => new HtmlForm(
                    WebUtility.HtmlDecode(Attribute(form.Groups["attributes"].Value, "action") ?? ""),
                    AnyInput().Matches(form.Groups["body"].Value)
                        .Where(input => Attribute(input.Value, "type") == "hidden")
                        .Select(input => KeyValuePair.Create(WebUtility.HtmlDecode(Attribute(input.Value, "name") ?? ""), WebUtility.HtmlDecode(Attribute(input.Value, "value") ?? "")))
                        .ToList()))
                .ToList();

        private static string? Attribute(string tag, string name)
        {
            var match = Regex.Match(tag, $"""\b{name}="(?<value>[^"]*)" """.TrimEnd());
            return match.Success ? match.Groups["value"].Value : null;
        }
    }

    public sealed record HtmlForm(string Action, IReadOnlyList<KeyValuePair<string, string>> Hidden);

    [GeneratedRegex("""<form method="post" action="(?<action>[^"]*)">.*?</form>""", RegexOptions.Singleline)]
    private static partial Regex FormTag();

    [GeneratedRegex("""<form(?<attributes>[^>]*\bmethod="post"[^>]*)>(?<body>.*?)</form>""", RegexOptions.Singleline)]
    private static partial Regex AnyPostForm();

    [GeneratedRegex("""<input\b[^>]*>""")]
    private static partial Regex AnyInput();

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]*)" value="(?<value>[^"]*)">""")]
    private static partial Regex HiddenInput();
}
