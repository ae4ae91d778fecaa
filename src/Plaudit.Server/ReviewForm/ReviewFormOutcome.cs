namespace Plaudit.Server.ReviewForm;

/// <summary>A refused submission, shown again on its product's form with what was typed and why.</summary>
public sealed record ReviewFormOutcome(string ProductId, ReviewFormInput? Input, string Problem);
