namespace Plaudit.Server.Orders;

public sealed record OrderLine(string ProductId, string VariantId, string Title, int Quantity);
