using System.Globalization;
using Plaudit.Server.OpenApi;

namespace Plaudit.Server.Customers;

public sealed record CustomerExclusionJson(string Id, string Email, string Source, string CreatedAt)
{
    public static CustomerExclusionJson From(CustomerExclusion e) =>
        new(e.Id.ToString(CultureInfo.InvariantCulture), e.Email, e.Source, WireTime.Format(e.CreatedAt));
}
