using System.Text;
using System.Text.Encodings.Web;

namespace Plaudit.Server.Hosting;

/// <summary>
/// The few server-rendered pages (merchant sign-in, OAuth consent): one plain layout, every value
/// HTML-encoded, and headers that keep the pages out of frames (no clickjacking of a consent).
/// </summary>
public static class HtmlPage
{
    public static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    public static IResult Render(HttpContext http, string title, string body, int statusCode = StatusCodes.Status200OK)
    {
        var headers = http.Response.Headers;
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        return Results.Content(Layout(title, body), "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }

    private static string Layout(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Encode(title)}} · Plaudit</title>
        <style>
          body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; background: #f5f6f8; color: #1f2328; margin: 0; }
          main { max-width: 28rem; margin: 4rem auto; background: #fff; border: 1px solid #d8dde3; border-radius: 10px; padding: 2rem; }
          h1 { font-size: 1.35rem; margin: 0 0 1rem; }
          p { line-height: 1.5; }
          label { display: block; font-weight: 600; margin: 1rem 0 .3rem; }
          input[type=email], input[type=password] { width: 100%; box-sizing: border-box; padding: .55rem; border: 1px solid #c4cbd3; border-radius: 6px; font-size: 1rem; }
          button { font-size: 1rem; padding: .6rem 1.2rem; border-radius: 6px; border: 1px solid #1f6feb; background: #1f6feb; color: #fff; cursor: pointer; margin-top: 1.2rem; }
          button.secondary { background: #fff; color: #1f2328; border-color: #c4cbd3; }
          ul.scopes { padding-left: 1.2rem; } ul.scopes li { margin: .35rem 0; }
          .error { background: #fff1f0; border: 1px solid #ffccc7; color: #a8071a; padding: .7rem; border-radius: 6px; }
          .muted { color: #59636e; font-size: .9rem; }
          code { background: #f0f2f4; padding: .1rem .3rem; border-radius: 4px; word-break: break-all; }
          .actions { display: flex; gap: .8rem; }
        </style>
        </head>
        <body><main>
        {{body}}
        </main></body>
        </html>
        """;
}
