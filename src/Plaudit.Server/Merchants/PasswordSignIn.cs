namespace Plaudit.Server.Merchants;

/// <summary>The outcome of a password sign-in: the merchant, or null; <see cref="Throttled"/> when the account had too many attempts to even check.</summary>
public sealed record PasswordSignIn(Merchant? Merchant, bool Throttled)
{
    public static readonly PasswordSignIn Failed = new(null, false);
    public static readonly PasswordSignIn TooManyAttempts = new(null, true);
}
