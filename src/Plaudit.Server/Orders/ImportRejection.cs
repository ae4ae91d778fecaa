namespace Plaudit.Server.Orders;

public sealed record ImportRejection(int Line, string Reason);
