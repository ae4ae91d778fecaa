using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Emails;

/// <summary>Reads and changes a shop's email settings (the API and the CLI both come here).</summary>
public sealed class EmailSettingsStore(PlauditDbContext db, ReviewEmailScheduler scheduler, SqliteWriteGate writeGate, TimeProvider clock)
{
    public static async Task<EmailSettings> GetAsync(PlauditDbContext db, long shopId, CancellationToken cancellationToken) =>
        await db.EmailSettings.AsNoTracking().FirstOrDefaultAsync(s => s.ShopId == shopId, cancellationToken) ?? EmailSettings.Defaults(shopId);

    public Task<EmailSettings> GetAsync(long shopId, CancellationToken cancellationToken) => GetAsync(db, shopId, cancellationToken);

    /// <summary>
    /// Applies the update, then reschedules what has not been sent (in chunks of their own: see
    /// <see cref="ReviewEmailScheduler.RescheduleShopAsync"/>); the problem, when the result is refused.
    /// </summary>
    public async Task<(EmailSettings Settings, string? Problem)> UpdateAsync(long shopId, EmailSettingsUpdate update, CancellationToken cancellationToken)
    {
        EmailSettings settings, before;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var stored = await db.EmailSettings.FirstOrDefaultAsync(s => s.ShopId == shopId, cancellationToken);
            before = stored is null ? EmailSettings.Defaults(shopId) : Copy(stored);
            settings = stored ?? db.EmailSettings.Add(EmailSettings.Defaults(shopId)).Entity;
            if (update.ApplyTo(settings) is { } problem)
            {
                db.ChangeTracker.Clear();
                return (before, problem);
            }
            settings.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }
        // Committed first, so an import meanwhile schedules by the new settings, as the reschedule does.
        if (update.ChangesTiming(before))
        {
            await scheduler.RescheduleShopAsync(shopId, settings, cancellationToken);
        }
        scheduler.WakeSenderIfDue();
        return (settings, null);
    }

    private static EmailSettings Copy(EmailSettings s) => new()
    {
        ShopId = s.ShopId, Enabled = s.Enabled, DaysAfterOrder = s.DaysAfterOrder, ReminderDays = s.ReminderDays,
        WindowStartMinute = s.WindowStartMinute, WindowEndMinute = s.WindowEndMinute, TimeZone = s.TimeZone,
        SenderName = s.SenderName, ReplyTo = s.ReplyTo, AccentColor = s.AccentColor, Subject = s.Subject, HtmlTemplate = s.HtmlTemplate, TextTemplate = s.TextTemplate,
        UpdatedAt = s.UpdatedAt,
    };
}
