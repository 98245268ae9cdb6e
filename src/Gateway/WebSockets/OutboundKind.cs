namespace SyncKairos.Gateway.WebSockets;

/// <summary>How the send loop treats a queued message.</summary>
public enum OutboundKind
{
    /// <summary>CONNECTED, PONG, ERROR: always sent, no version.</summary>
    Control,

    /// <summary>STATE_UPDATE: dropped unless newer than what the client has seen.</summary>
    Update,

    /// <summary>STATE_SYNC: dropped only if older than what the client has seen.</summary>
    Sync,

    /// <summary>SESSION_DELETED: sent, then the socket is closed with 1000.</summary>
    Deleted,
}
