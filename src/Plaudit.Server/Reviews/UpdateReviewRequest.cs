using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Reviews;

/// <summary>The <c>update_review</c> body: the review, and at least one change.</summary>
public sealed record UpdateReviewRequest(
    [property: Required, Id] string Id,
    bool? IsPublished,
    bool? IsFeatured,
    bool? IsTop,
    [property: MaxLength(64)] string? Tag) : IJsonBody<UpdateReviewRequest>;
