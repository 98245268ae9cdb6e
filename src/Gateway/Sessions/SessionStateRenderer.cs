using System.Text.Json;
using SyncKairos.Gateway.WebSockets;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.Sessions;

/// <summary>
/// Turns committed states (read from the session's grain, or pushed by it) into WebSocket messages: the view is
/// computed at send time ("calculate, don't count") and serialized once for all watchers.
/// </summary>
public sealed class SessionStateRenderer(IGrainFactory grains, TimeProvider time)
{
    /// <summary>The current state as a STATE_SYNC (or other state message type); null when the session does not exist.</summary>
    public async Task<Outbound?> SnapshotAsync(string sessionId, string type, CancellationToken cancellationToken)
    {
        var state = await grains.FindAsync(sessionId).WaitAsync(cancellationToken);
        return state is null ? null : Render(type, OutboundKind.Sync, state);
    }

    /// <summary>A pushed change, as STATE_UPDATE.</summary>
    public Outbound Update(SessionState state) => Render(WebSocketMessages.StateUpdate, OutboundKind.Update, state);

    /// <summary>A fresh snapshot after the subscription was renewed, as STATE_SYNC.</summary>
    public Outbound Sync(SessionState state) => Render(WebSocketMessages.StateSync, OutboundKind.Sync, state);

    public Outbound Deleted(string sessionId) =>
        new(OutboundKind.Deleted, long.MaxValue, WebSocketMessages.Simple(WebSocketMessages.SessionDeleted, sessionId, NowMs()));

    private Outbound Render(string type, OutboundKind kind, SessionState state)
    {
        var now = NowMs();
        var json = JsonSerializer.SerializeToUtf8Bytes(SessionView.At(state, now), SyncKairosJsonContext.Default.SyncStateDto);
        return new Outbound(kind, state.Version, WebSocketMessages.State(type, state.SessionId, now, json));
    }

    private long NowMs() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
