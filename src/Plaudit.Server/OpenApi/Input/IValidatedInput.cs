namespace Plaudit.Server.OpenApi.Input;

/// <summary>An input record with rules of its own, checked after its fields are read (the first problem wins).</summary>
public interface IValidatedInput
{
    FieldProblem? Validate();
}
