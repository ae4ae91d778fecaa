using Plaudit.Server.Media;
using Plaudit.Server.OpenApi;

namespace Plaudit.Server.Storefront;

/// <summary>
/// The storefront's errors: an HTTP status and <c>{"error","message"}</c>, also for what happens
/// outside a handler (a body over the limit, an unexpected failure).
/// </summary>
public sealed class StorefrontErrors : IApiErrorFormat
{
    public static readonly StorefrontErrors Instance = new();

    public IResult Result(ApiError error)
    {
        var status = ApiErrorFormats.HttpStatus(error.Code);
        var name = error.Code == ApiCode.InvalidArgument
            ? "invalid_argument"
            : Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status).ToLowerInvariant().Replace(' ', '_');
        return Json(status, name, error.Message);
    }

    public static IResult Json(int status, string error, string message) => Results.Json(new { error, message }, statusCode: status);
}
