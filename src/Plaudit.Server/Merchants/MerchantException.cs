namespace Plaudit.Server.Merchants;

public sealed class MerchantException(string message) : Exception(message);
