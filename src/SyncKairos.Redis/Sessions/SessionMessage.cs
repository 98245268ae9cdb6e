using System.Text.Json;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Redis.Sessions;

/// <summary>
/// A message the scripts publish on <see cref="SessionStore.ChannelFor"/> (docs/adr/0004):
/// <c>{"type":"state","state":{…}}</c> after every committed change, or
/// <c>{"type":"deleted","session_id":"…","version":N}</c> when the session is deleted.
/// </summary>
public sealed record SessionMessage(string SessionId, long Version, SessionState? State)
{
    public bool IsDeleted => State is null;

    /// <summary>Decodes a published payload; throws <see cref="FormatException"/> on anything else.</summary>
    public static SessionMessage Parse(ReadOnlySpan<byte> payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload.ToArray());
            var root = doc.RootElement;
            switch (root.GetProperty("type").GetString())
            {
                case "state":
                    var state = SessionState.FromJson(root.GetProperty("state").GetRawText());
                    return new SessionMessage(state.SessionId, state.Version, state);
                case "deleted":
                    return new SessionMessage(root.GetProperty("session_id").GetString()!, root.GetProperty("version").GetInt64(), null);
                default:
                    throw new FormatException("Unknown session message type");
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("Not a session message", ex);
        }
    }
}
