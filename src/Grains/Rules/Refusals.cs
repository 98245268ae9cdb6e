using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Grains.Rules;

/// <summary>
/// Every refusal text of docs/API.md, once. <see cref="NotFound"/> and <see cref="AlreadyExists"/> are the
/// grain's (only it knows whether a session exists); the others are the rules'.
/// </summary>
public static class Refusals
{
    public static SessionError NotFound(string sessionId) =>
        new(ErrorCodes.SESSION_NOT_FOUND, $"Session {sessionId} not found");

    public static SessionError AlreadyExists(string sessionId) =>
        new(ErrorCodes.SESSION_ALREADY_EXISTS, $"Session {sessionId} already exists");

    /// <summary><paramref name="what"/> is the failed verb phrase, e.g. "cannot be started" or "not running".</summary>
    public static SessionError InvalidTransition(SessionState state, string what) =>
        new(ErrorCodes.INVALID_STATE_TRANSITION, $"Session {state.SessionId} {what} (current status: {state.Status})");

    public static SessionError NotActiveParticipant(string participantId) =>
        new(ErrorCodes.NOT_ACTIVE_PARTICIPANT, $"Participant {participantId} is not the active participant");

    public static SessionError Validation(IReadOnlyList<FieldError> details) =>
        new(ErrorCodes.VALIDATION_ERROR, ErrorCodes.ValidationFailedMessage, details);

    public static SessionError UnknownNextParticipant(string participantId) =>
        NextParticipant($"Participant {participantId} not found in session");

    public static SessionError ExpiredNextParticipant(string participantId) =>
        NextParticipant($"Participant {participantId} has expired");

    private static SessionError NextParticipant(string message) =>
        Validation([new FieldError("next_participant_id", message, FieldErrorCodes.Custom)]);
}
