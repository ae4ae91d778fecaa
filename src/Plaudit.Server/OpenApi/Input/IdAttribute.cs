namespace Plaudit.Server.OpenApi.Input;

/// <summary>
/// An identifier, sent as a string or an integer (clients in different languages send both), read
/// as its string form and trimmed; empty counts as absent. At most 64 characters unless <c>MaxLength</c> says.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class IdAttribute : Attribute;
