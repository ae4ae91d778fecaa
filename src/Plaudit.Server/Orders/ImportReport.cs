namespace Plaudit.Server.Orders;

public sealed record ImportReport(int Imported, int Updated, IReadOnlyList<ImportRejection> Rejected, int VerifiedReviews);
