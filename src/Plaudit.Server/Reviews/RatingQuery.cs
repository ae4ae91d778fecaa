using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Reviews;

/// <summary>The <c>get_rating</c> query.</summary>
public sealed record RatingQuery(
    [property: MaxLength(64), Description("One product's rating; omit for the whole shop.")] string? ProductId) : IQueryInput<RatingQuery>;
