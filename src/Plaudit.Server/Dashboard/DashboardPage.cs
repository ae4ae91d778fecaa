using Microsoft.AspNetCore.Components;
using Plaudit.Server.Merchants;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Dashboard;

/// <summary>
/// What every dashboard page starts from: the request, the signed-in merchant's shop (the only
/// shop a page may read or change; every query filters by <see cref="ShopId"/>), and the database.
/// </summary>
public abstract class DashboardPage : ComponentBase
{
    private MerchantSession? _session;

    [CascadingParameter] public HttpContext Http { get; set; } = default!;

    [Inject] protected PlauditDbContext Db { get; set; } = default!;

    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    [Inject] protected TimeProvider Clock { get; set; } = default!;

    /// <summary>The authorization policy let the request in only with a merchant session, so one is here.</summary>
    protected MerchantSession Session => _session ??= MerchantAuth.SessionOf(Http.User)
        ?? throw new InvalidOperationException("A dashboard page was rendered without a merchant session.");

    protected long ShopId => Session.ShopId;

    protected CancellationToken Aborted => Http.RequestAborted;

    protected DateTime UtcNow => Clock.GetUtcNow().UtcDateTime;

    /// <summary>Post/redirect/get: after a change, the browser loads the page again, with a notice that names what was done.</summary>
    protected void RedirectTo(string localUrl) => Navigation.NavigateTo(localUrl, forceLoad: true);
}
