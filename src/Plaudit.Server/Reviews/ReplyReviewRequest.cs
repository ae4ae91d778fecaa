using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Reviews;

/// <summary>The <c>reply_review</c> body; empty content removes the reply.</summary>
public sealed record ReplyReviewRequest(
    [property: Required, Id] string Id,
    [property: Required(AllowEmptyStrings = true), MaxLength(5000)] string Content) : IJsonBody<ReplyReviewRequest>;
