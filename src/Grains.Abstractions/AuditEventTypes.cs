namespace SyncKairos.Grains.Abstractions;

/// <summary>The <c>event_type</c> values of audit events (docs/adr/0004).</summary>
public static class AuditEventTypes
{
    public const string SessionCreated = "session_created";
    public const string SessionStarted = "session_started";
    public const string CycleSwitched = "cycle_switched";
    public const string SessionPaused = "session_paused";
    public const string SessionResumed = "session_resumed";
    public const string SessionCompleted = "session_completed";
    public const string SessionExpired = "session_expired";
    public const string ParticipantExpired = "participant_expired";
    public const string SessionDeleted = "session_deleted";
}
