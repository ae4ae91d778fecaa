namespace Plaudit.Server.Security;

/// <summary>What the stored key ring is encrypted with, after <see cref="KeyRingAtRest.WrapAsync"/>.</summary>
public sealed record KeyRingStatus(int Keys, int Rewrapped, string EncryptedWith, string KeyId);
