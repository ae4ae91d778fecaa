namespace Plaudit.Server.OpenApi.Input;

/// <summary>Another name a query parameter is read by when its own name is absent (<c>start_time</c> for <c>created_at_min</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AliasAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
