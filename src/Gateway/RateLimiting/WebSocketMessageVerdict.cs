namespace SyncKairos.Gateway.RateLimiting;

/// <summary>What to do with one message a WebSocket client sent.</summary>
public enum WebSocketMessageVerdict
{
    /// <summary>Within the budget: handle it.</summary>
    Accept,

    /// <summary>Over the budget and the first of a run of refusals: drop it and tell the client (ERROR RATE_LIMIT_EXCEEDED).</summary>
    RefuseAndTell,

    /// <summary>Over the budget, the client was already told: drop it silently (no reply to amplify a flood).</summary>
    Refuse,

    /// <summary>The client keeps flooding: close the socket with 1008.</summary>
    Close,
}
