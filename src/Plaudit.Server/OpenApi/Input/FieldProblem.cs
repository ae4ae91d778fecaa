namespace Plaudit.Server.OpenApi.Input;

/// <summary>A rule of an input record that spans fields or needs more than a type: the field it names and what is wrong.</summary>
public sealed record FieldProblem(string Field, string Problem)
{
    public ApiError ToError() => ApiError.InvalidArgument($"{Field} {Problem}.");
}
