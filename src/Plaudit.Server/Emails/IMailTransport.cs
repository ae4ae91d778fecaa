using MimeKit;

namespace Plaudit.Server.Emails;

/// <summary>Where a finished message goes: an SMTP server, or a folder of <c>.eml</c> files.</summary>
public interface IMailTransport
{
    /// <summary>For logs and <c>serve --demo</c>: the server or folder, never a credential.</summary>
    string Description { get; }

    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
