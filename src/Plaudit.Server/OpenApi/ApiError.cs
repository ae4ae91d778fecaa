namespace Plaudit.Server.OpenApi;

/// <summary>
/// A failed call: the code and a message. The message starts with the spec's text for the code and
/// adds the detail (which field, which limit) after it, so both people and programs can read it.
/// </summary>
public sealed record ApiError(ApiCode Code, string Message)
{
    public static ApiError Create(ApiCode code, string? detail = null) =>
        new(code, detail is null ? ApiCodeMessages.For(code) : $"{ApiCodeMessages.For(code)} {detail}");

    public static ApiError InvalidArgument(string detail) => Create(ApiCode.InvalidArgument, detail);
    public static ApiError NotFound(string detail) => Create(ApiCode.NotFound, detail);
    public static ApiError AlreadyExists(string detail) => Create(ApiCode.AlreadyExists, detail);
    public static ApiError Unauthenticated(string detail) => Create(ApiCode.Unauthenticated, detail);
    public static ApiError PermissionDenied(string detail) => Create(ApiCode.PermissionDenied, detail);
}
