using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Grains.Storage;

/// <summary>What an activation loads: the committed state (null when there is no session) and its live request memos.</summary>
public sealed record StoredSession(SessionState? State, IReadOnlyDictionary<string, RequestMemo> Memos);

/// <summary>The remembered first reply of a switch with a <c>request_id</c>, answered again for a repeat until <see cref="ExpiresAtMs"/>.</summary>
public sealed record RequestMemo(string RequestId, SessionState State, string? ExpiredParticipantId, long ExpiresAtMs)
{
    // expires_at \n expired_participant_id \n state JSON: the JSON goes last, so nothing in it needs escaping.
    public string Encode() =>
        FormattableString.Invariant($"{ExpiresAtMs}\n{ExpiredParticipantId}\n{State.ToJson()}");

    public static RequestMemo Decode(string requestId, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var first = value.IndexOf('\n', StringComparison.Ordinal);
        var second = first < 0 ? -1 : value.IndexOf('\n', first + 1);
        if (second < 0)
        {
            throw new FormatException($"The memo of request {requestId} is malformed.");
        }

        var expiresAt = long.Parse(value.AsSpan(0, first), System.Globalization.CultureInfo.InvariantCulture);
        var expired = value[(first + 1)..second];
        return new RequestMemo(requestId, SessionState.FromJson(value[(second + 1)..]), expired.Length == 0 ? null : expired, expiresAt);
    }
}
