namespace Plaudit.Server.Hosting;

/// <summary>
/// The address merchants and platforms reach Plaudit at: the <c>PublicUrl</c> setting (set it
/// behind a proxy or load balancer), else the address of the current request.
/// </summary>
public static class PublicUrl
{
    public const string Key = "PublicUrl";

    public static Uri Of(HttpContext http)
    {
        var configured = http.RequestServices.GetRequiredService<IConfiguration>()[Key];
        var text = string.IsNullOrWhiteSpace(configured) ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}" : configured;
        return new Uri(text.EndsWith('/') ? text : text + "/", UriKind.Absolute);
    }
}
