namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// No connection to a receiver: its name did not resolve, the guard refused every address, or no
/// address answered. <see cref="PublicTarget"/> is true only when every address tried was public;
/// the message is for the node's log, never for the attempt log.
/// </summary>
public sealed class ReceiverUnreachableException(string message, bool publicTarget, Exception? inner = null) : Exception(message, inner)
{
    public bool PublicTarget { get; } = publicTarget;
}
