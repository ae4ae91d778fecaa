using System.Globalization;
using System.Text;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// Rebuilds the requests of deliveries for the merchant's attempt log. Requests are not stored per
/// attempt: the event, the subscription and the signing secret are, and a format builds the same bytes
/// from them every time, except what it stamps with the attempt's time. Rebuilt with today's secret,
/// so a secret changed since the attempt shows the signature the next attempt would carry.
/// </summary>
public sealed class DeliveryRequests(PlauditDbContext db, IEnumerable<IDeliveryFormat> formats, SigningSecrets secrets)
{
    private readonly Dictionary<string, IDeliveryFormat> _formats = formats.ToDictionary(f => f.Shape);

    /// <summary>Each delivery's request as built at its given time; deliveries that cannot be built (an unknown format or URL) are left out.</summary>
    public async Task<Dictionary<long, RebuiltRequest>> RebuildAsync(IReadOnlyDictionary<long, DateTimeOffset> deliveriesAt, CancellationToken cancellationToken)
    {
        var works = await DeliveryClaims.LoadAsync(db, deliveriesAt.Keys.ToList(), cancellationToken);
        var rebuilt = new Dictionary<long, RebuiltRequest>();
        foreach (var work in works)
        {
            if (_formats.TryGetValue(work.Shape, out var format) && Uri.TryCreate(work.Url, UriKind.Absolute, out var url))
            {
                rebuilt[work.DeliveryId] = Rebuild(format, url, work, secrets.Resolve(work.Key), deliveriesAt[work.DeliveryId]);
            }
        }
        return rebuilt;
    }

    /// <summary>Built twice, a second apart: what differs between the two is what the moment of sending decides.</summary>
    private static RebuiltRequest Rebuild(IDeliveryFormat format, Uri url, ClaimedDelivery work, string secret, DateTimeOffset at)
    {
        var (headers, body) = Read(format.BuildRequest(url, DeliveryContext.Of(work, secret, at)));
        var (laterHeaders, laterBody) = Read(format.BuildRequest(url, DeliveryContext.Of(work, secret, at.AddSeconds(1))));
        var timeDependent = headers.Where(h => !laterHeaders.Contains(h)).Select(h => h.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new RebuiltRequest("POST", url.ToString(), headers, body, at, timeDependent, body != laterBody);
    }

    /// <summary>The headers in the order a receiver sees them, with those the pooled client adds to every attempt.</summary>
    private static (List<KeyValuePair<string, string>> Headers, string Body) Read(HttpRequestMessage request)
    {
        using (request)
        {
            using var body = new MemoryStream();
            request.Content?.ReadAsStream().CopyTo(body);
            var bytes = body.ToArray();
            var headers = new List<KeyValuePair<string, string>> { new("Host", request.RequestUri!.Authority), new("User-Agent", WebhookSender.UserAgent) };
            headers.AddRange(request.Headers.Select(h => KeyValuePair.Create(h.Key, string.Join(", ", h.Value))));
            if (request.Content is not null)
            {
                headers.AddRange(request.Content.Headers.Where(h => h.Key != "Content-Length").Select(h => KeyValuePair.Create(h.Key, string.Join(", ", h.Value))));
            }
            headers.Add(new("Content-Length", bytes.Length.ToString(CultureInfo.InvariantCulture)));
            return (headers, Encoding.UTF8.GetString(bytes));
        }
    }
}
