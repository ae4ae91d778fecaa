namespace Plaudit.Server.Platforms;

public sealed class PlatformException(string message) : Exception(message);
