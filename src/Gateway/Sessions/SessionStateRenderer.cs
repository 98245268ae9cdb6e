using System.Text.Json;
using SyncKairos.Gateway.WebSockets;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Redis.Sessions;

namespace SyncKairos.Gateway.Sessions;

/// <summary>
/// Turns stored states (read, or published on a session channel) into WebSocket messages: the view is
/// computed at send time ("calculate, don't count") and serialized once for all watchers.
/// </summary>
public sealed class SessionStateRenderer(SessionStore store, TimeProvider time)
{
    /// <summary>The current state as a STATE_SYNC (or other state message type); null when the session does not exist.</summary>
    public async Task<Outbound?> SnapshotAsync(string sessionId, string type, CancellationToken cancellationToken)
    {
        var state = await store.GetAsync(sessionId, cancellationToken);
        return state is null ? null : Render(type, OutboundKind.Sync, state);
    }

    /// <summary>
    /// Decodes a channel message (docs/adr/0004): <c>{"type":"state","state":…}</c> becomes STATE_UPDATE,
    /// <c>{"type":"deleted",…}</c> becomes SESSION_DELETED. Unknown types are ignored.
    /// </summary>
    public bool TryRenderPublished(string sessionId, ReadOnlySpan<byte> payload, out Outbound outbound)
    {
        var reader = new Utf8JsonReader(payload);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
        switch (type)
        {
            case "state" when root.TryGetProperty("state", out var stateElement):
                var state = SessionState.FromJson(stateElement.GetRawText());
                outbound = Render(WebSocketMessages.StateUpdate, OutboundKind.Update, state);
                return true;
            case "deleted":
                outbound = Deleted(sessionId);
                return true;
            default:
                outbound = default;
                return false;
        }
    }

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
