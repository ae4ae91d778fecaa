using Plaudit.Server.Reviews;

namespace Plaudit.Server.ReviewForm;

/// <summary>One product of the order on the form; <see cref="Submitted"/> once the buyer reviewed it (with the review, unless it is being written right now).</summary>
public sealed record FormProduct(string Id, string Title, string Image, bool Known, bool Submitted, Review? Review);
