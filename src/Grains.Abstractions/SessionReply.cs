namespace SyncKairos.Grains.Abstractions;

/// <summary>
/// What a <see cref="ISessionGrain"/> command answers: the committed state, or an error with docs/API.md's code.
/// Immutable once built: the grain never mutates a state it has handed out (each command builds a new one).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("synckairos.SessionReply")]
public sealed record SessionReply
{
    [Id(0)]
    public SessionState? State { get; init; }

    [Id(1)]
    public SessionError? Error { get; init; }

    /// <summary>Switch only: the participant whose clock reached zero in this switch.</summary>
    [Id(2)]
    public string? ExpiredParticipantId { get; init; }

    /// <summary>Delete only: whether a session existed.</summary>
    [Id(3)]
    public bool Existed { get; init; }

    public bool IsError => Error is not null;

    public static SessionReply Ok(SessionState state, string? expiredParticipantId = null) =>
        new() { State = state, ExpiredParticipantId = expiredParticipantId, Existed = true };

    public static SessionReply Failed(SessionError error) => new() { Error = error };
}
