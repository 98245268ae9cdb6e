using System.Text.Json;

namespace SyncKairos.Grains.Abstractions;

/// <summary>
/// The read side: turns a committed <see cref="SessionState"/> into docs/API.md's view at a given
/// instant ("calculate, don't count"). The instant is clamped to the last commit so that a
/// reader whose clock is behind never sees time run backwards.
/// </summary>
public static class SessionView
{
    public static SyncStateDto At(SessionState state, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        var now = Math.Max(nowMs, state.UpdatedAt);
        return new SyncStateDto
        {
            SessionId = state.SessionId,
            SyncMode = state.SyncMode,
            Status = state.Status,
            Version = state.Version,
            Participants = Participants(state, now),
            ActiveParticipantId = state.ActiveParticipantId,
            TotalTimeMs = state.TotalTimeMs,
            TimePerCycleMs = state.TimePerCycleMs,
            CycleStartedAt = IsoTime.Format(state.CycleStartedAt),
            SessionStartedAt = IsoTime.Format(state.SessionStartedAt),
            SessionCompletedAt = IsoTime.Format(state.SessionCompletedAt),
            IncrementMs = state.IncrementMs,
            MaxTimeMs = state.MaxTimeMs,
            CreatedAt = IsoTime.Format(state.CreatedAt),
            UpdatedAt = IsoTime.Format(state.UpdatedAt),
            DelayMs = state.DelayMs,
            ExpiryPolicy = state.ExpiryPolicy,
            DeadlineAt = state.Status == SessionStatuses.Running ? IsoTime.Format(state.DeadlineAt) : null,
            Groups = state.Groups is { } groups ? Groups(state, groups, now) : null,
            Metadata = state.MetadataJson is { } json ? ParseMetadata(json) : null,
        };
    }

    public static SwitchResultDto SwitchResult(SessionState state, string? expiredParticipantId, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        var now = Math.Max(nowMs, state.UpdatedAt);
        return new SwitchResultDto
        {
            SessionId = state.SessionId,
            ActiveParticipantId = state.ActiveParticipantId,
            CycleStartedAt = IsoTime.Format(state.CycleStartedAt),
            Participants = Participants(state, now),
            Status = state.Status,
            ExpiredParticipantId = string.IsNullOrEmpty(expiredParticipantId) ? null : expiredParticipantId,
            Version = state.Version,
        };
    }

    /// <summary>What the running clock has consumed since it (re)started: <c>max(0, now − cycle_started_at − delay_ms)</c>.</summary>
    public static long RunningCharge(SessionState state, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Status != SessionStatuses.Running || state.CycleStartedAt is not { } started)
        {
            return 0;
        }

        return Charge(started, state.DelayMs, Math.Max(nowMs, state.UpdatedAt));
    }

    /// <summary>
    /// docs/API.md's charge, stated once for the read view and the rules: a clock started at
    /// <paramref name="cycleStartedAt"/> runs only after the turn's delay.
    /// </summary>
    public static long Charge(long cycleStartedAt, long delayMs, long atMs) => Math.Max(0, atMs - cycleStartedAt - delayMs);

    /// <summary>The active participant's remaining budget at <paramref name="nowMs"/>, floored at zero.</summary>
    public static long TimeRemainingMs(SessionState state, ParticipantState participant, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(participant);
        if (!IsActive(state, participant.ParticipantId))
        {
            return participant.TotalTimeMs;
        }

        return Math.Max(0, participant.TotalTimeMs - RunningCharge(state, nowMs));
    }

    private static List<ParticipantDto> Participants(SessionState state, long now)
    {
        var list = new List<ParticipantDto>(state.Participants.Count);
        foreach (var p in state.Participants)
        {
            list.Add(new ParticipantDto
            {
                ParticipantId = p.ParticipantId,
                ParticipantIndex = p.ParticipantIndex,
                TotalTimeMs = p.TotalTimeMs,
                TimeUsedMs = p.TimeUsedMs,
                TimeRemainingMs = TimeRemainingMs(state, p, now),
                CycleCount = p.CycleCount,
                IsActive = IsActive(state, p.ParticipantId),
                HasExpired = p.HasExpired,
                GroupId = p.GroupId,
            });
        }

        return list;
    }

    private static List<GroupDto> Groups(SessionState state, List<GroupState> groups, long now)
    {
        var active = state.Participants.Find(p => IsActive(state, p.ParticipantId));
        var charge = RunningCharge(state, now);
        var list = new List<GroupDto>(groups.Count);
        foreach (var g in groups)
        {
            var running = active is not null && string.Equals(active.GroupId, g.GroupId, StringComparison.OrdinalIgnoreCase);
            list.Add(new GroupDto
            {
                GroupId = g.GroupId,
                TimeUsedMs = g.TimeUsedMs,
                TimeRemainingMs = running ? Math.Max(0, g.TotalTimeMs - charge) : g.TotalTimeMs,
                HasExpired = g.HasExpired,
            });
        }

        return list;
    }

    private static bool IsActive(SessionState state, string participantId) =>
        state.ActiveParticipantId is { } id && string.Equals(id, participantId, StringComparison.OrdinalIgnoreCase);

    private static JsonElement ParseMetadata(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
