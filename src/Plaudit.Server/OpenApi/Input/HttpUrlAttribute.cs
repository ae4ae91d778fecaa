namespace Plaudit.Server.OpenApi.Input;

/// <summary>A text field that, when not empty, must be an absolute http(s) URL.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class HttpUrlAttribute : Attribute
{
    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
