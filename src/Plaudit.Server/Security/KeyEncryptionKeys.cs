using System.Xml.Linq;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Security;

/// <summary>
/// The keys that encrypt the Data Protection key ring at rest. New keys are wrapped with
/// <see cref="Current"/>: <c>DataProtection:MasterKey</c> when set, else the key file (created on
/// first use, mode 0600, outside the database, so a database dump alone decrypts nothing). Reading
/// also accepts <c>DataProtection:PreviousMasterKey</c> and an existing key file, so keys wrapped by
/// them can be re-wrapped (<see cref="KeyRingAtRest"/>).
/// </summary>
public sealed class KeyEncryptionKeys
{
    public const string MasterKeyKind = "master-key";
    public const string KeyFileKind = "key-file";
    private const string DefaultKeyFileName = "keyring.key";

    private readonly ILogger<KeyEncryptionKeys> _logger;
    private readonly KeyEncryptionKey? _masterKey;
    private readonly KeyEncryptionKey? _previousMasterKey;
    private readonly Lock _gate = new();
    private KeyEncryptionKey? _keyFile;

    public KeyEncryptionKeys(IOptions<DataProtectionSettings> settings, IConfiguration configuration, ILogger<KeyEncryptionKeys> logger)
    {
        _logger = logger;
        var value = settings.Value;
        if (DataProtectionSettings.ParseKey(value.MasterKey, "DataProtection:MasterKey") is { } master)
        {
            _masterKey = KeyEncryptionKey.From(master, "DataProtection:MasterKey");
        }
        if (DataProtectionSettings.ParseKey(value.PreviousMasterKey, "DataProtection:PreviousMasterKey") is { } previous)
        {
            _previousMasterKey = KeyEncryptionKey.From(previous, "DataProtection:PreviousMasterKey");
        }
        KeyFilePath = Path.GetFullPath(string.IsNullOrWhiteSpace(value.KeyFile) ? DefaultKeyFile(configuration) : value.KeyFile);
    }

    public string KeyFilePath { get; }

    public bool UsesMasterKey => _masterKey is not null;

    /// <summary>What new keys are wrapped with; without a master key, reading it creates the key file if there is none.</summary>
    public KeyEncryptionKey Current => _masterKey ?? KeyFile(create: true)!;

    public XElement Wrap(XElement plaintext)
    {
        var key = Current;
        var sealedBytes = KeyWrap.Seal(key.Bytes, System.Text.Encoding.UTF8.GetBytes(plaintext.ToString(SaveOptions.DisableFormatting)));
        return new XElement("encryptedKey",
            new XAttribute("kek", UsesMasterKey ? MasterKeyKind : KeyFileKind),
            new XAttribute("kid", key.Id),
            new XComment($" Encrypted with {(UsesMasterKey ? "DataProtection:MasterKey" : "the key file")} (AES-256-GCM): nonce | tag | ciphertext "),
            new XElement("value", Convert.ToBase64String(sealedBytes)));
    }

    /// <summary>
    /// Decrypts a wrapped key with whichever known key wrapped it (the key id picks it quickly; a
    /// key written by an earlier version has no id, and the GCM tag tells). Throws, naming what is
    /// missing, when none did.
    /// </summary>
    public XElement Unwrap(XElement encryptedKey)
    {
        var sealedBytes = Convert.FromBase64String((string?)encryptedKey.Element("value") ?? "");
        var id = (string?)encryptedKey.Attribute("kid");
        foreach (var candidate in Candidates().OrderBy(k => k.Id == id ? 0 : 1))
        {
            if (KeyWrap.Open(candidate.Bytes, sealedBytes) is { } plaintext)
            {
                return XElement.Parse(System.Text.Encoding.UTF8.GetString(plaintext));
            }
        }
        throw new InvalidOperationException(MissingKeyMessage((string?)encryptedKey.Attribute("kek"), id));
    }

    public static bool IsWrappedWithKeyFile(XElement encryptedKey) => (string?)encryptedKey.Attribute("kek") == KeyFileKind;

    public static string? IdOf(XElement encryptedKey) => (string?)encryptedKey.Attribute("kid");

    private IEnumerable<KeyEncryptionKey> Candidates()
    {
        if (_masterKey is not null)
        {
            yield return _masterKey;
        }
        if (_previousMasterKey is not null)
        {
            yield return _previousMasterKey;
        }
        if (KeyFile(create: false) is { } keyFile)
        {
            yield return keyFile;
        }
    }

    private string MissingKeyMessage(string? kind, string? id)
    {
        var named = id is null ? "" : $" (key id {id})";
        if (kind == KeyFileKind)
        {
            return File.Exists(KeyFilePath)
                ? $"The Data Protection key ring is encrypted with another key file{named} than {KeyFilePath}. Every node needs the same key file (DataProtection:KeyFile): copy it from the node that created it."
                : $"The Data Protection key ring is encrypted with a key file{named}, and there is none at {KeyFilePath}. Restore it from your backup, or copy it from another node (DataProtection:KeyFile).";
        }
        return $"The Data Protection key ring is encrypted with a master key{named} that is not configured. Set DataProtection:MasterKey to it; to move to a new master key, give the old one as DataProtection:PreviousMasterKey (or run `plaudit keys rewrap --old-master-key`).";
    }

    /// <summary>The key file's key, created when asked to and missing; null when it does not exist and may not be created.</summary>
    private KeyEncryptionKey? KeyFile(bool create)
    {
        lock (_gate)
        {
            if (_keyFile is not null)
            {
                return _keyFile;
            }
            if (!File.Exists(KeyFilePath))
            {
                if (!create)
                {
                    return null;
                }
                CreateKeyFile();
            }
            _keyFile = ReadKeyFile();
            _logger.LogInformation("The Data Protection key ring is encrypted with the key file {KeyFile}", KeyFilePath);
            return _keyFile;
        }
    }

    /// <summary>
    /// Written to a private temporary file and linked into place without overwriting, so nodes or
    /// processes starting together agree on one key and nobody reads a half-written file.
    /// </summary>
    private void CreateKeyFile()
    {
        var directory = Path.GetDirectoryName(KeyFilePath)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(KeyFilePath)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n"));
            stream.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(temporary, KeyFilePath, overwrite: false);
            _logger.LogWarning(
                "Created the key file {KeyFile}, which encrypts the Data Protection key ring in the database. Back it up apart from the database: without it no private token can be read.",
                KeyFilePath);
        }
        catch (IOException) when (File.Exists(KeyFilePath))
        {
            File.Delete(temporary);
        }
    }

    private KeyEncryptionKey ReadKeyFile()
    {
        if (!OperatingSystem.IsWindows()
            && (File.GetUnixFileMode(KeyFilePath) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            _logger.LogWarning("The key file {KeyFile} can be read by other users; make it readable by Plaudit's user only (chmod 600).", KeyFilePath);
        }
        var bytes = DataProtectionSettings.ParseKey(File.ReadAllText(KeyFilePath), $"The key file {KeyFilePath}")!;
        return KeyEncryptionKey.From(bytes, $"the key file {KeyFilePath}");
    }

    /// <summary>Beside the SQLite file (not inside the database); for PostgreSQL, <c>data/keyring.key</c> under the working directory.</summary>
    public static string DefaultKeyFile(IConfiguration configuration)
    {
        if (!DatabaseOptions.From(configuration).IsPostgres)
        {
            var dataSource = new SqliteConnectionStringBuilder(configuration.GetConnectionString("Plaudit") ?? DatabaseOptions.DefaultSqliteConnectionString).DataSource;
            if (!string.IsNullOrEmpty(dataSource) && dataSource != ":memory:" && !dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dataSource))!, DefaultKeyFileName);
            }
        }
        return Path.Combine("data", DefaultKeyFileName);
    }
}
