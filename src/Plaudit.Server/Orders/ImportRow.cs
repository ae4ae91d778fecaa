namespace Plaudit.Server.Orders;

/// <summary>A row of an import file: its line number, and the order or why it was refused.</summary>
public sealed record ImportRow(int Line, OrderInput? Order, string? Problem);
