namespace SyncKairos.Gateway.Security;

/// <summary>What a request does, as far as scopes are concerned.</summary>
public enum SessionOperation
{
    /// <summary>Public: health probes, docs, the clock.</summary>
    Public,

    /// <summary>Any valid token (routes outside the session API).</summary>
    Authenticated,
    Create,
    Start,
    Pause,
    Resume,
    Complete,
    Delete,
    Switch,

    /// <summary>GET a session or its events, WebSocket, WatchSession.</summary>
    Read,
}
