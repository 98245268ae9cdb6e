using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Grains.Rules;

/// <summary>Deep copies, so that a rule changes its own state and never the one it was given.</summary>
internal static class StateCopy
{
    public static SessionState Of(SessionState s) => new()
    {
        SessionId = s.SessionId,
        SyncMode = s.SyncMode,
        Status = s.Status,
        Version = s.Version,
        Participants = s.Participants.ConvertAll(Of),
        ActiveParticipantId = s.ActiveParticipantId,
        TotalTimeMs = s.TotalTimeMs,
        TimePerCycleMs = s.TimePerCycleMs,
        IncrementMs = s.IncrementMs,
        DelayMs = s.DelayMs,
        MaxTimeMs = s.MaxTimeMs,
        ExpiryPolicy = s.ExpiryPolicy,
        CreatedAt = s.CreatedAt,
        UpdatedAt = s.UpdatedAt,
        CycleStartedAt = s.CycleStartedAt,
        SessionStartedAt = s.SessionStartedAt,
        SessionCompletedAt = s.SessionCompletedAt,
        DeadlineAt = s.DeadlineAt,
        Groups = s.Groups?.ConvertAll(Of),
        MetadataJson = s.MetadataJson,
        PausedTotalMs = s.PausedTotalMs,
        PausedAt = s.PausedAt,
        PausedDelayUsedMs = s.PausedDelayUsedMs,
    };

    private static ParticipantState Of(ParticipantState p) => new()
    {
        ParticipantId = p.ParticipantId,
        ParticipantIndex = p.ParticipantIndex,
        TotalTimeMs = p.TotalTimeMs,
        TimeUsedMs = p.TimeUsedMs,
        CycleCount = p.CycleCount,
        HasExpired = p.HasExpired,
        GroupId = p.GroupId,
    };

    private static GroupState Of(GroupState g) => new()
    {
        GroupId = g.GroupId,
        TotalTimeMs = g.TotalTimeMs,
        TimeUsedMs = g.TimeUsedMs,
        HasExpired = g.HasExpired,
    };
}
