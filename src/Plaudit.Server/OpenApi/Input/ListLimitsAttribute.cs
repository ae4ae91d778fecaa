namespace Plaudit.Server.OpenApi.Input;

/// <summary>A comma-separated query list: at most <see cref="MaxItems"/> values of at most <see cref="MaxItemLength"/> characters.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListLimitsAttribute(int maxItems, int maxItemLength) : Attribute
{
    public const int DefaultMaxItems = 100;
    public const int DefaultMaxItemLength = 64;

    public int MaxItems { get; } = maxItems;
    public int MaxItemLength { get; } = maxItemLength;
}
