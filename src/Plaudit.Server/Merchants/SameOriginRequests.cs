using Plaudit.Server.Hosting;

namespace Plaudit.Server.Merchants;

/// <summary>
/// Whether a state-changing call that carries the merchant cookie came from Plaudit's own pages or
/// scripts, and not from another site the merchant happens to have open. The browser says so in
/// headers a page cannot forge: <c>Sec-Fetch-Site</c> must be <c>same-origin</c> when sent, and
/// <c>Origin</c> must be Plaudit's own (PublicUrl's, else the request's). A request with neither
/// (an old browser, or a non-browser client) is refused: send <c>Origin</c>. <c>Origin: null</c>
/// passes only with <c>Sec-Fetch-Site: same-origin</c>, since Plaudit's pages send no referrer and
/// browsers then send a null Origin even for their own posts.
/// </summary>
public static class SameOriginRequests
{
    public static bool Allows(HttpContext http)
    {
        var headers = http.Request.Headers;
        var fetchSite = headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0 && !string.Equals(fetchSite, "same-origin", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var origin = headers.Origin.ToString();
        if (origin.Length == 0 || origin == "null")
        {
            return fetchSite.Length > 0;
        }
        return Uri.TryCreate(origin, UriKind.Absolute, out var claimed)
            && Uri.Compare(claimed, PublicUrl.Of(http), UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
    }
}
