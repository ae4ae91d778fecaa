namespace Plaudit.Server.OpenApi.Input;

/// <summary>A flag that takes only JSON <c>true</c> or <c>false</c> (the REST-style shapes), not the spec's 0/1.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TrueOrFalseAttribute : Attribute;
