using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Reviews;

/// <summary>The <c>delete_review</c> body.</summary>
public sealed record ReviewIdRequest([property: Required, Id] string Id) : IJsonBody<ReviewIdRequest>;
