namespace Plaudit.Server.Emails;

/// <summary>Each kind of link has its own protector purpose: a tracking pixel's token opens no review form.</summary>
public enum EmailLinkPurpose
{
    ReviewForm,
    Unsubscribe,
    Open,

    /// <summary>Confirms that a storefront reviewer owns the address of the order their review matched.</summary>
    ConfirmReview,
}
