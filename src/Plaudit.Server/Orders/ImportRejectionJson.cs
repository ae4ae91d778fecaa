namespace Plaudit.Server.Orders;

public sealed record ImportRejectionJson(int Index, string Reason);
