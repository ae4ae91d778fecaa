namespace Plaudit.Server.Orders;

public sealed record ImportOrdersRequest(IReadOnlyList<object> Orders);
