using System.Text.RegularExpressions;
using MimeKit;

namespace Plaudit.Server.Emails;

/// <summary>
/// Without a mail server, each message becomes an <c>.eml</c> file (any mail client opens one). Written
/// under a temporary name and renamed, so a reader never sees half a message.
/// </summary>
public sealed partial class PickupDirectoryTransport(string directory, TimeProvider clock) : IMailTransport
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public string Description => $".eml files in {Directory}";

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var stamp = clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var name = $"{stamp}-{Unsafe().Replace(message.MessageId ?? Guid.NewGuid().ToString("N"), "_")}.eml";
        var path = Path.Combine(Directory, name);
        var temporary = path + ".tmp";
        await using (var file = File.Create(temporary))
        {
            await message.WriteToAsync(file, cancellationToken);
        }
        File.Move(temporary, path, overwrite: true);
    }

    [GeneratedRegex("[^A-Za-z0-9.@-]")]
    private static partial Regex Unsafe();
}
