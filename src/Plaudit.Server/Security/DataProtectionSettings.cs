using System.ComponentModel.DataAnnotations;

namespace Plaudit.Server.Security;

/// <summary>
/// Section <c>DataProtection</c>: what encrypts the Data Protection key ring stored in the database.
/// The ring is always encrypted; <c>MasterKey</c> (from the environment or a secrets store) when set,
/// otherwise a key file that Plaudit creates on first start, outside the database.
/// </summary>
public sealed class DataProtectionSettings : IValidatableObject
{
    public const string Section = "DataProtection";

    /// <summary>32 random bytes, base64. The same on every node.</summary>
    public string? MasterKey { get; set; }

    /// <summary>The master key the ring was encrypted with before the current one: keys under it are re-encrypted at start.</summary>
    public string? PreviousMasterKey { get; set; }

    /// <summary>Where the key file is (when no master key is set); default: next to the SQLite file, or <c>data/keyring.key</c>.</summary>
    public string? KeyFile { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (value, setting) in new[] { (MasterKey, $"{Section}:MasterKey"), (PreviousMasterKey, $"{Section}:PreviousMasterKey") })
        {
            string? problem = null;
            try
            {
                ParseKey(value, setting);
            }
            catch (InvalidOperationException e)
            {
                problem = e.Message;
            }
            if (problem is not null)
            {
                yield return new ValidationResult(problem);
            }
        }
    }

    public static byte[]? ParseKey(string? base64, string setting)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            bytes = [];
        }
        return bytes.Length == 32 ? bytes : throw new InvalidOperationException($"{setting} must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`).");
    }
}
