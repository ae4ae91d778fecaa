namespace Plaudit.Server.Reviews;

/// <summary>
/// A moderation change to a review's state (<c>update_review</c>, or a dashboard bulk action):
/// each part left null stays as it is.
/// </summary>
public sealed record ReviewChange(bool? IsPublished = null, bool? IsFeatured = null, bool? IsTop = null, string? Tag = null)
{
    /// <summary>The longest tag, as <c>update_review</c> accepts it.</summary>
    public const int MaxTagLength = 64;

    public bool IsEmpty => IsPublished is null && IsFeatured is null && IsTop is null && Tag is null;

    /// <summary>Applies the change; true if the review is now different.</summary>
    public bool ApplyTo(Review review)
    {
        var before = (review.IsPublished, review.IsFeatured, review.IsTop, review.Tag);
        review.IsPublished = IsPublished ?? review.IsPublished;
        review.IsFeatured = IsFeatured ?? review.IsFeatured;
        review.IsTop = IsTop ?? review.IsTop;
        review.Tag = Tag ?? review.Tag;
        return before != (review.IsPublished, review.IsFeatured, review.IsTop, review.Tag);
    }
}
