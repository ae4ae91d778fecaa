namespace Plaudit.Server.Reviews;

public enum ReviewOrder
{
    CreatedDescending,
    CreatedAscending,
    RatingDescending,
    RatingAscending,
}
