using System.Globalization;
using Plaudit.Server.OpenApi;

namespace Plaudit.Server.Reviews;

public enum ReviewOrder
{
    CreatedDescending,
    CreatedAscending,
    RatingDescending,
    RatingAscending,
}
