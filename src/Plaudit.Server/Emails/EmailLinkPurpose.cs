namespace Plaudit.Server.Emails;

/// <summary>Each kind of link has its own protector purpose: a tracking pixel's token opens no review form.</summary>
public enum EmailLinkPurpose
{
    ReviewForm,

    /// <summary>Unsubscribe links made before <see cref="Tracking"/>: still in mailboxes, so still read.</summary>
    Unsubscribe,

    /// <summary>Open pixels made before <see cref="Tracking"/>: still in mailboxes, so still read.</summary>
    Open,

    /// <summary>Confirms that a storefront reviewer owns the address of the order their review matched.</summary>
    ConfirmReview,

    /// <summary>
    /// The open pixel and the unsubscribe link, one token for both: the two leave the message the same ways
    /// (the pixel through image proxies, the unsubscribe URL in a header for the mail provider) and anyone
    /// holding the message has both anyway, while neither opens the form. One token instead of two saves a
    /// Data Protection encryption per message, a sixth of the sender's CPU for three.
    /// </summary>
    Tracking,
}
