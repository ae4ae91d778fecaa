namespace Plaudit.Server.Reviews;

/// <summary>
/// <c>get_rating</c>'s data, in Trustoo's shape: the average as a string with two decimals, the
/// count of published reviews, and the count for each star.
/// </summary>
public sealed record RatingJson(
    string RatingValue,
    int ReviewCount,
    int Star1Count,
    int Star2Count,
    int Star3Count,
    int Star4Count,
    int Star5Count);
