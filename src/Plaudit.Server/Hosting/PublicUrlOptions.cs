using System.ComponentModel.DataAnnotations;

namespace Plaudit.Server.Hosting;

/// <summary>
/// The root setting <c>PublicUrl</c>: the address merchants, platforms and shoppers reach Plaudit at
/// (<see cref="Hosting.PublicUrl"/> works it out when it is not set). A value that is not an absolute
/// http(s) URL stops the start instead of failing the first request that builds a URL from it.
/// </summary>
public sealed class PublicUrlOptions : IValidatableObject
{
    public const string Key = "PublicUrl";

    [ConfigurationKeyName(Key)]
    public string? Value { get; set; }

    /// <summary>The configured address, or null when it is not set.</summary>
    public Uri? Url => !string.IsNullOrWhiteSpace(Value) && Uri.TryCreate(Value, UriKind.Absolute, out var url) ? url : null;

    /// <summary>An https address: cookies are Secure and <c>__Host-</c> prefixed, and every request counts as https.</summary>
    public bool HttpsOnly => Url?.Scheme == Uri.UriSchemeHttps;

    /// <summary>For the few decisions made while services are registered, before options can be resolved.</summary>
    public static PublicUrlOptions From(IConfiguration configuration) => configuration.Get<PublicUrlOptions>() ?? new PublicUrlOptions();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Value) && Url is not { Scheme: "http" or "https" })
        {
            yield return new ValidationResult($"{Key} must be an absolute http or https URL, e.g. https://reviews.example.com/.", [nameof(Value)]);
        }
    }
}
