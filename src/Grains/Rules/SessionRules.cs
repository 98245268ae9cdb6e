using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Grains.Rules;

/// <summary>
/// The session rules of docs/API.md, once: pure functions <c>state × command × now → transition</c>, no I/O.
/// <c>now</c> is epoch milliseconds and is clamped so time never runs backwards (<c>max(now, updated_at)</c>).
/// </summary>
public static class SessionRules
{
    /// <summary>Validates the request and builds the version-1 pending session.</summary>
    public static Transition Create(CreateSessionRequest request, long nowMs) => throw new NotImplementedException();

    public static Transition Start(SessionState state, long nowMs) => throw new NotImplementedException();

    /// <summary>Validates the body, the status, <c>expected_active_participant_id</c> and the next participant (request_id memos are the grain's).</summary>
    public static Transition Switch(SessionState state, SwitchRequest request, long nowMs) => throw new NotImplementedException();

    public static Transition Pause(SessionState state, long nowMs) => throw new NotImplementedException();

    public static Transition Resume(SessionState state, long nowMs) => throw new NotImplementedException();

    public static Transition Complete(SessionState state, long nowMs) => throw new NotImplementedException();

    /// <summary>The audit record of a delete: the last state at version + 1, event <c>session_deleted</c>.</summary>
    public static Transition Delete(SessionState state, long nowMs) => throw new NotImplementedException();

    /// <summary>Applies expiry when <paramref name="nowMs"/> has reached <c>deadline_at</c>; otherwise nothing to do.</summary>
    public static Transition Expire(SessionState state, long nowMs) => throw new NotImplementedException();
}
