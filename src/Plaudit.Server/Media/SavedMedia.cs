namespace Plaudit.Server.Media;

public sealed record SavedMedia(SaveOutcome Outcome, string? ContentType = null, long Size = 0);
