using System.Net.WebSockets;

namespace SyncKairos.Gateway.WebSockets;

/// <summary>Close codes and reason texts of docs/API.md.</summary>
public static class CloseReasons
{
    public const string MissingSessionId = "Missing sessionId parameter";
    public const string InvalidSessionId = "Invalid sessionId format";
    public const string SessionDeleted = "Session deleted";
    public const string ShuttingDown = "Server shutting down";
    public const string MessageTooBig = "Message too big";
    public const string TooSlow = "Client too slow";
    public const string TryAgainLater = "Try again later";
    public const string MessageRateExceeded = "Message rate exceeded";

    /// <summary>1013 Try Again Later; not in the WebSocketCloseStatus enum.</summary>
    public const WebSocketCloseStatus TryAgainLaterStatus = (WebSocketCloseStatus)1013;
}
