using Microsoft.EntityFrameworkCore;
using MimeKit;
using Plaudit.Server.Orders;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Emails;

/// <summary>The CLI's <c>emails preview</c> and <c>emails test</c>: a shop's message for one of its orders, or for a made-up order.</summary>
public sealed class ReviewEmailPreview(PlauditDbContext db, ReviewEmailComposer composer, IMailTransport transport, TimeProvider clock)
{
    public async Task<MimeMessage?> ForOrderAsync(long shopId, string orderId, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.ShopId == shopId && o.OrderId == orderId, cancellationToken);
        return order is null ? null : await ComposeAsync(order, order.Id, cancellationToken);
    }

    /// <summary>Sends the shop's message for a sample order (its newest order's products, if it has one) to <paramref name="to"/>.</summary>
    public async Task<MimeMessage?> SendTestAsync(long shopId, string to, CancellationToken cancellationToken)
    {
        if (!await db.Shops.AnyAsync(s => s.Id == shopId, cancellationToken))
        {
            return null;
        }
        var newest = await db.Orders.AsNoTracking().Where(o => o.ShopId == shopId).OrderByDescending(o => o.OrderedAt).FirstOrDefaultAsync(cancellationToken);
        var sample = new Order
        {
            ShopId = shopId,
            OrderId = "TEST",
            OrderNumber = "TEST",
            CustomerName = "Test Customer",
            CustomerEmail = to,
            OrderedAt = clock.GetUtcNow().UtcDateTime,
            Lines = newest?.Lines is { Count: > 0 } lines ? lines : [new OrderLine("sample", "", "A product you bought", 1)],
        };
        // Each test message its own Message-ID (a real email's comes from its row).
        var message = await ComposeAsync(sample, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        await transport.SendAsync(message, cancellationToken);
        return message;
    }

    private async Task<MimeMessage> ComposeAsync(Order order, long messageNumber, CancellationToken cancellationToken)
    {
        var shop = await db.Shops.AsNoTracking().SingleAsync(s => s.Id == order.ShopId, cancellationToken);
        var settings = await EmailSettingsStore.GetAsync(db, shop.Id, cancellationToken);
        var lines = order.Lines.DistinctBy(l => l.ProductId).ToList();
        var ids = lines.Select(l => l.ProductId).ToList();
        var products = await db.Products.AsNoTracking().Where(p => p.ShopId == shop.Id && ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        return await composer.ComposeAsync(shop, settings, order, lines, products, ReviewEmailKind.Request, messageNumber, cancellationToken);
    }
}
