using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Reviews;

/// <summary>The <c>get_review</c> query.</summary>
public sealed record ReviewIdQuery(
    [property: Required, Alias("review_id"), Description("The review id.")] string Id) : IQueryInput<ReviewIdQuery>;
