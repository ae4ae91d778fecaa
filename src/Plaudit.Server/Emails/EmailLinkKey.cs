namespace Plaudit.Server.Emails;

/// <summary>
/// A secret that seals email link tokens (<see cref="EmailLinkSeal"/>), stored protected by the Data
/// Protection key ring, so every node reads the same secret and the database alone does not reveal it.
/// The newest key seals new tokens; older ones still open theirs, so adding a row rotates the key.
/// </summary>
public sealed class EmailLinkKey
{
    public int Id { get; set; }
    public required string ProtectedSecret { get; set; }
    public DateTime CreatedAt { get; set; }
}
