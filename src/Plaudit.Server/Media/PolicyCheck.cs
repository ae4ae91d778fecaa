namespace Plaudit.Server.Media;

public enum PolicyCheck
{
    Valid,
    BadSignature,
    Expired,
}
