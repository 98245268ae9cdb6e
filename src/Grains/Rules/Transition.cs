using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Grains.Rules;

/// <summary>
/// What a rule decides: a new state with the audit event that records it, a refusal, or (expire only) nothing
/// to do yet. The input state is never touched: <see cref="State"/> is a fresh object.
/// </summary>
public sealed record Transition
{
    /// <summary>
    /// The new committed state (version + 1, <c>updated_at</c> = the clamped now, <c>deadline_at</c> set while
    /// running); for a delete, the last state as it was.
    /// </summary>
    public SessionState? State { get; init; }

    /// <summary>One of <see cref="AuditEventTypes"/>.</summary>
    public string? EventType { get; init; }

    /// <summary>The audit event's <c>actor</c>: the participant whose turn or clock the change is about.</summary>
    public string? Actor { get; init; }

    /// <summary>Switch (and expire): the participant whose clock reached zero in this change.</summary>
    public string? ExpiredParticipantId { get; init; }

    /// <summary>The refusal, with docs/API.md's code; nothing changes.</summary>
    public SessionError? Error { get; init; }

    public bool IsRefused => Error is not null;

    /// <summary>
    /// Nothing to commit: an expire before the deadline (or of a session not running), or a complete of a
    /// completed session (whose reply is the state unchanged).
    /// </summary>
    public bool IsNothingToDo => State is null && Error is null;
}
