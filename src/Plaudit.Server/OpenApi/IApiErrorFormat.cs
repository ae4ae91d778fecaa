namespace Plaudit.Server.OpenApi;

/// <summary>
/// Endpoint metadata: how an API shape other than the Trustoo envelope words its errors (HTTP
/// status and body). Authentication, body limits and validation produce an <see cref="ApiError"/>;
/// the shape decides what the client sees. Endpoints without it answer in the envelope.
/// </summary>
public interface IApiErrorFormat
{
    IResult Result(ApiError error);
}
