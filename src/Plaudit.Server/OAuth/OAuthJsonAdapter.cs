using System.Text;
using System.Text.Json;
using Plaudit.Server.OpenApi;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Plaudit.Server.OAuth;

/// <summary>
/// Lets <c>oauth/token</c> and <c>oauth_revoke_token</c> take the spec's JSON body (OAuthTokenRequest)
/// and answer in the envelope, while form-encoded requests keep plain RFC 6749/7009 answers for
/// standard OAuth libraries. A JSON request is turned into the equivalent form for OpenIddict, and
/// its RFC answer into the envelope: success → code 0 with the token response as <c>data</c>;
/// <c>invalid_client</c>/<c>invalid_grant</c> → 16; <c>unauthorized_client</c>/<c>invalid_scope</c> → 7;
/// other errors → 3.
/// </summary>
public sealed class OAuthJsonAdapter(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (!HttpMethods.IsPost(request.Method)
            || !(request.Path.Equals(OAuthPaths.Token, StringComparison.OrdinalIgnoreCase) || request.Path.Equals(OAuthPaths.Revoke, StringComparison.OrdinalIgnoreCase))
            || !IsJson(request.ContentType, BufferedBody.Of(http).Bytes.Span))
        {
            await next(http);
            return;
        }

        if (ToForm(BufferedBody.Of(http).Bytes) is not { } form)
        {
            await ApiEnvelopeWriter.WriteErrorAsync(http, ApiError.InvalidArgument("The body must be a JSON object whose values are strings or numbers."));
            return;
        }
        request.Body = new MemoryStream(form, writable: false);
        request.ContentType = "application/x-www-form-urlencoded";
        request.ContentLength = form.Length;

        var original = http.Response.Body;
        using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }
        http.Response.ContentLength = null;
        http.Response.Headers.Remove("WWW-Authenticate");
        await WriteEnvelopeAsync(http, captured.ToArray());
    }

    /// <summary>
    /// JSON by its content type, or by its first character when the type says nothing useful: clients
    /// often post a JSON string as <c>text/plain</c> (fetch's default) or with no type at all.
    /// </summary>
    private static bool IsJson(string? contentType, ReadOnlySpan<byte> body)
    {
        if (contentType is not null && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var unspecific = contentType is null || contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase);
        var trimmed = body.TrimStart(" \t\r\n"u8);
        return unspecific && !trimmed.IsEmpty && trimmed[0] == (byte)'{';
    }

    private static byte[]? ToForm(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var pairs = new List<string>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                string? value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    JsonValueKind.Null => null,
                    // A scope list may come as an array of strings.
                    JsonValueKind.Array when property.Value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
                        string.Join(' ', property.Value.EnumerateArray().Select(e => e.GetString())),
                    _ => throw new FormatException(),
                };
                if (value is not null)
                {
                    pairs.Add($"{Uri.EscapeDataString(property.Name)}={Uri.EscapeDataString(value)}");
                }
            }
            return Encoding.UTF8.GetBytes(string.Join('&', pairs));
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return null;
        }
    }

    private static Task WriteEnvelopeAsync(HttpContext http, byte[] body)
    {
        if (body.Length == 0)
        {
            // RFC 7009: a revocation answers 200 with no body.
            return http.Response.StatusCode == StatusCodes.Status200OK
                ? ApiEnvelopeWriter.WriteAsync<object?>(http, null, StatusCodes.Status200OK)
                : ApiEnvelopeWriter.WriteErrorAsync(http, ApiError.InvalidArgument($"The request was rejected (HTTP {http.Response.StatusCode})."));
        }
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.TryGetProperty("error", out var error))
        {
            var code = error.GetString() switch
            {
                Errors.InvalidClient or Errors.InvalidGrant or Errors.InvalidToken => ApiCode.Unauthenticated,
                Errors.UnauthorizedClient or Errors.AccessDenied or Errors.InvalidScope => ApiCode.PermissionDenied,
                Errors.ServerError => ApiCode.Internal,
                _ => ApiCode.InvalidArgument,
            };
            var description = document.RootElement.TryGetProperty("error_description", out var text) ? text.GetString() : null;
            return ApiEnvelopeWriter.WriteErrorAsync(http, ApiError.Create(code, $"{error.GetString()}: {description}"));
        }
        return ApiEnvelopeWriter.WriteRawDataAsync(http, body);
    }
}
