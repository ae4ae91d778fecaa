namespace Plaudit.Server.Emails;

/// <summary>An email the mail server accepted, waiting to be recorded with the rest of its chunk (<see cref="SentReviewEmailRecorder"/>).</summary>
public sealed record SentReviewEmail(ReviewEmailWork Work, string MessageId);
