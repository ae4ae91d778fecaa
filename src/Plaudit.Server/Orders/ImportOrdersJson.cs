namespace Plaudit.Server.Orders;

public sealed record ImportOrdersJson(int Imported, int Updated, int VerifiedReviews, IReadOnlyList<ImportRejectionJson> Rejected);
