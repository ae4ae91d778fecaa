namespace Plaudit.Server.Orders;

public sealed record OrderLineJson(string ProductId, string VariantId, string Title, int Quantity);
