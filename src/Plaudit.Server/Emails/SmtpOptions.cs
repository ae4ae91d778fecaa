namespace Plaudit.Server.Emails;

/// <summary>Section <c>Emails:Smtp</c>: the mail server. The password is a secret: never logged, never shown.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;

    /// <summary><c>auto</c> (TLS when the server offers it), <c>starttls</c> (required), <c>ssl</c> (TLS from the first byte, port 465) or <c>none</c>.</summary>
    public string Security { get; set; } = "auto";
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>How long one connection, login or send may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<string> Problems()
    {
        if (Port is < 1 or > 65535)
        {
            yield return "Emails:Smtp:Port must be 1 to 65535.";
        }
        if (Security is not ("auto" or "starttls" or "ssl" or "none"))
        {
            yield return "Emails:Smtp:Security must be auto, starttls, ssl or none.";
        }
        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
        {
            yield return "Emails:Smtp:Username and Emails:Smtp:Password are set together or not at all.";
        }
        if (Timeout < TimeSpan.FromSeconds(1))
        {
            yield return "Emails:Smtp:Timeout must be at least a second.";
        }
    }
}
