using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Grains.Tests.Rules.Properties;

/// <summary>
/// An independent statement of docs/API.md's rules table (written for the Lua scripts' model test), the oracle of
/// the model property. It mutates its own private copy of the state, the plain way.
/// </summary>
internal sealed class SpecModel
{
    public SpecModel(SessionState initial)
    {
        State = SessionState.FromJson(initial.ToJson());
    }

    public SessionState State { get; private set; }

    /// <summary>Applies a command; returns the error code (null on success), the expired participant of a switch, and whether a version was committed.</summary>
    public (string? Error, string? Expired, bool Changed) Apply(CommandKind kind, long nowMs, string? nextId, string? expectedId)
    {
        var before = State.ToJson();
        var s = State;
        var now = Math.Max(nowMs, s.UpdatedAt);
        string? expired = null;
        switch (kind)
        {
            case CommandKind.Delete:
                return (null, null, false);

            case CommandKind.Start:
                if (s.Status != SessionStatuses.Pending)
                {
                    return (ErrorCodes.INVALID_STATE_TRANSITION, null, false);
                }

                s.Status = SessionStatuses.Running;
                s.SessionStartedAt = now;
                BeginTurn(0, now);
                break;

            case CommandKind.Switch:
                if (s.Status != SessionStatuses.Running)
                {
                    return (ErrorCodes.INVALID_STATE_TRANSITION, null, false);
                }

                if (expectedId is { } expected && !Same(expected, s.ActiveParticipantId))
                {
                    return (ErrorCodes.NOT_ACTIVE_PARTICIPANT, null, false);
                }

                int? chosen = null;
                if (nextId is { } next)
                {
                    chosen = s.Participants.FindIndex(p => Same(p.ParticipantId, next));
                    if (chosen < 0 || s.Participants[chosen.Value].HasExpired)
                    {
                        return (ErrorCodes.VALIDATION_ERROR, null, false);
                    }
                }

                expired = Switch(now, chosen);
                break;

            case CommandKind.Pause:
                if (s.Status != SessionStatuses.Running)
                {
                    return (ErrorCodes.INVALID_STATE_TRANSITION, null, false);
                }

                var delayUsed = Math.Min(s.DelayMs, Math.Max(0, now - s.CycleStartedAt!.Value));
                Charge(now);
                s.Status = SessionStatuses.Paused;
                s.PausedAt = now;
                s.PausedDelayUsedMs = delayUsed;
                s.CycleStartedAt = null;
                break;

            case CommandKind.Resume:
                if (s.Status != SessionStatuses.Paused)
                {
                    return (ErrorCodes.INVALID_STATE_TRANSITION, null, false);
                }

                s.PausedTotalMs += now - s.PausedAt!.Value;
                s.CycleStartedAt = now - s.PausedDelayUsedMs!.Value;
                s.PausedAt = null;
                s.PausedDelayUsedMs = null;
                s.Status = SessionStatuses.Running;
                break;

            case CommandKind.Complete:
                if (s.Status == SessionStatuses.Completed)
                {
                    return (null, null, false);
                }

                if (s.Status == SessionStatuses.Running)
                {
                    Charge(now);
                }

                s.PausedAt = null;
                s.PausedDelayUsedMs = null;
                s.SessionCompletedAt = now;
                s.Status = SessionStatuses.Completed;
                s.CycleStartedAt = null;
                s.ActiveParticipantId = null;
                break;

            case CommandKind.Expire:
                if (s.Status != SessionStatuses.Running || now < Deadline())
                {
                    return (null, null, false);
                }

                Expire();
                break;
        }

        s.Version++;
        s.UpdatedAt = now;
        s.DeadlineAt = s.Status == SessionStatuses.Running ? Deadline() : null;
        return (null, expired, State.ToJson() != before);
    }

    private string? Switch(long now, int? chosen)
    {
        var s = State;
        var current = ActiveIndex();
        if (SessionCap() is { } cap && cap <= now)
        {
            var ranOut = Charge(cap);
            End();
            return ranOut ? s.Participants[current].ParticipantId : null;
        }

        string? expired = null;
        var turnAt = now;
        var zeroAt = ClockDeadline();
        if (Charge(now))
        {
            expired = s.Participants[current].ParticipantId;
            turnAt = zeroAt;
            if (s.ExpiryPolicy != ExpiryPolicies.NextParticipant)
            {
                End();
                return expired;
            }
        }

        if (chosen is null || s.Participants[chosen.Value].HasExpired)
        {
            chosen = NextAlive(current);
        }

        if (chosen is not { } next)
        {
            End();
            return expired;
        }

        EndTurn(current, next);
        BeginTurn(next, turnAt);
        return expired;
    }

    private void Expire()
    {
        var s = State;
        var current = ActiveIndex();
        var clock = ClockDeadline();
        if (SessionCap() is { } cap && cap <= clock)
        {
            Charge(cap);
            End();
            return;
        }

        Charge(clock);
        if (s.ExpiryPolicy == ExpiryPolicies.NextParticipant && NextAlive(current) is { } next)
        {
            EndTurn(current, next);
            BeginTurn(next, clock);
            return;
        }

        End();
    }

    private void End()
    {
        State.Status = SessionStatuses.Expired;
        State.CycleStartedAt = null;
    }

    private int ActiveIndex() => State.Participants.FindIndex(p => Same(p.ParticipantId, State.ActiveParticipantId));

    private int? NextAlive(int from)
    {
        var n = State.Participants.Count;
        for (var k = 1; k <= n; k++)
        {
            var j = (from + k) % n;
            if (!State.Participants[j].HasExpired)
            {
                return j;
            }
        }

        return null;
    }

    /// <summary>The participants sharing the active participant's clock.</summary>
    private IEnumerable<ParticipantState> ClockOwners(ParticipantState p) => State.SyncMode switch
    {
        SyncModes.Global => State.Participants,
        SyncModes.PerGroup => State.Participants.Where(q => Same(q.GroupId, p.GroupId)),
        _ => [p],
    };

    private GroupState? GroupOf(ParticipantState p) => State.Groups?.Find(g => Same(g.GroupId, p.GroupId));

    private bool Charge(long at)
    {
        var s = State;
        var p = s.Participants[ActiveIndex()];
        var charge = Math.Clamp(at - s.CycleStartedAt!.Value - s.DelayMs, 0, p.TotalTimeMs);
        var remaining = p.TotalTimeMs - charge;
        p.TimeUsedMs += charge;
        foreach (var q in ClockOwners(p))
        {
            q.TotalTimeMs = remaining;
        }

        if (GroupOf(p) is { } g)
        {
            g.TotalTimeMs = remaining;
            g.TimeUsedMs += charge;
        }

        if (remaining > 0)
        {
            return false;
        }

        foreach (var q in ClockOwners(p))
        {
            q.HasExpired = true;
        }

        GroupOf(p)?.HasExpired = true;
        return true;
    }

    private void EndTurn(int current, int next)
    {
        var s = State;
        var p = s.Participants[current];
        p.CycleCount++;
        if (p.HasExpired)
        {
            return;
        }

        switch (s.SyncMode)
        {
            case SyncModes.PerParticipant:
                p.TotalTimeMs += s.IncrementMs;
                break;
            case SyncModes.PerCycle:
                p.TotalTimeMs = s.TimePerCycleMs!.Value;
                break;
            case SyncModes.Global:
                s.Participants.ForEach(q => q.TotalTimeMs += s.IncrementMs);
                break;
            case SyncModes.PerGroup when !Same(p.GroupId, s.Participants[next].GroupId):
                var g = GroupOf(p)!;
                g.TotalTimeMs += s.IncrementMs;
                foreach (var q in ClockOwners(p))
                {
                    q.TotalTimeMs = g.TotalTimeMs;
                }

                break;
        }
    }

    private void BeginTurn(int index, long at)
    {
        var p = State.Participants[index];
        if (State.SyncMode == SyncModes.PerCycle)
        {
            p.TotalTimeMs = State.TimePerCycleMs!.Value;
        }

        State.ActiveParticipantId = p.ParticipantId;
        State.CycleStartedAt = at;
    }

    private long ClockDeadline() => State.CycleStartedAt!.Value + State.DelayMs + State.Participants[ActiveIndex()].TotalTimeMs;

    private long? SessionCap() =>
        State.MaxTimeMs is { } max && State.SyncMode != SyncModes.CountUp && State.SessionStartedAt is { } started
            ? started + max + State.PausedTotalMs
            : null;

    private long Deadline() => Math.Min(ClockDeadline(), SessionCap() ?? long.MaxValue);

    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
