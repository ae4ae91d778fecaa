namespace Plaudit.Server.OpenApi;

public static class ApiCodeMessages
{
    /// <summary>The user-facing message the spec's table gives for each code.</summary>
    public static string For(ApiCode code) => code switch
    {
        ApiCode.Ok => "success",
        ApiCode.InvalidArgument => "Sorry, parameter error.",
        ApiCode.DeadlineExceeded => "Sorry, the server is busy. Please try again later.",
        ApiCode.NotFound => "Sorry, data not found.",
        ApiCode.AlreadyExists => "Sorry, data already exists.",
        ApiCode.PermissionDenied => "Sorry, no permission.",
        ApiCode.ResourceExhausted => "Sorry, too many requests. Please try again later.",
        ApiCode.OutOfRange => "Sorry, data size too large.",
        ApiCode.Unauthenticated => "Sorry, authentication failed.",
        _ => "Sorry, something went wrong. Please try again later.",
    };
}
