namespace Plaudit.Server.OpenApi;

/// <summary>The business status codes of spec section 5 (gRPC status codes).</summary>
public enum ApiCode
{
    Ok = 0,
    Canceled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    OutOfRange = 11,
    Internal = 13,
    Unauthenticated = 16,
}
