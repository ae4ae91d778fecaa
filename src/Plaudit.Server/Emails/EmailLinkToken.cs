using System.Text.Json.Serialization;

namespace Plaudit.Server.Emails;

/// <summary>
/// What a link in a review-request email proves: this shop sent this customer a request for these
/// products of this order. Carried in the URL, protected (encrypted and authenticated) with the
/// shared key ring and a purpose per kind of link, and expiring: see <see cref="EmailLinks"/>.
/// A confirmation link (<see cref="EmailLinkPurpose.ConfirmReview"/>) also names the storefront reviews it
/// confirms, so it can verify no other review.
/// </summary>
public sealed record EmailLinkToken(
    long ShopId, long OrderRowId, string Email, IReadOnlyList<string> ProductIds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<long>? ReviewIds = null);
