using System.Text.Json;

namespace Plaudit.Server.OpenApi.Input;

/// <summary>
/// What is wrong with one field of an input, in the words of its message (<c>must be an integer</c>).
/// Thrown while a body is deserialized so that System.Text.Json adds where it happened (its path);
/// <see cref="Field"/> names a field below that path, for problems found when an object ends.
/// </summary>
public sealed class InputProblem : JsonException
{
    public InputProblem(string problem, string? field = null) : base(problem)
    {
        Problem = problem;
        Field = field;
    }

    public InputProblem()
    {
        Problem = "is not valid";
    }

    public InputProblem(string message, Exception innerException) : base(message, innerException)
    {
        Problem = message;
    }

    public string Problem { get; }

    public string? Field { get; }
}
