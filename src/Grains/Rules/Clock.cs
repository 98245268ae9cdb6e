using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Grains.Rules;

/// <summary>
/// The clock arithmetic of docs/API.md's mode table, applied in place to a rule's own working copy
/// (<see cref="StateCopy"/>), never to a caller's state.
/// </summary>
internal static class Clock
{
    public static bool Same(string? a, string? b) =>
        a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    public static int Find(SessionState s, string? participantId) =>
        s.Participants.FindIndex(p => Same(p.ParticipantId, participantId));

    public static int ActiveIndex(SessionState s) => Find(s, s.ActiveParticipantId);

    /// <summary>
    /// Charges the running clock up to <paramref name="at"/>, floored at zero; true when it reached zero.
    /// Shared clocks (group, global) are mirrored on every participant that shares them, so that the read
    /// formula <c>total_time_ms − charge</c> holds for the active participant in every mode.
    /// </summary>
    public static bool Charge(SessionState s, long at)
    {
        var p = s.Participants[ActiveIndex(s)];
        var charge = Math.Min(SessionView.Charge(s.CycleStartedAt!.Value, s.DelayMs, at), p.TotalTimeMs);
        p.TimeUsedMs += charge;
        switch (s.SyncMode)
        {
            case SyncModes.PerGroup:
                var g = GroupOf(s, p);
                g.TotalTimeMs -= charge;
                g.TimeUsedMs += charge;
                Mirror(s, g);
                break;
            case SyncModes.Global:
                s.Participants.ForEach(q => q.TotalTimeMs -= charge);
                break;
            default:
                p.TotalTimeMs -= charge;
                break;
        }

        if (p.TotalTimeMs > 0)
        {
            return false;
        }

        MarkExpired(s, p);
        return true;
    }

    /// <summary>The session-level <c>max_time_ms</c> cap, pushed back by the time spent paused; none in count_up.</summary>
    public static long? SessionDeadline(SessionState s) =>
        s.MaxTimeMs is { } max && s.SyncMode != SyncModes.CountUp && s.SessionStartedAt is { } started
            ? started + max + s.PausedTotalMs
            : null;

    public static long ClockDeadline(SessionState s) =>
        s.CycleStartedAt!.Value + s.DelayMs + s.Participants[ActiveIndex(s)].TotalTimeMs;

    public static long Deadline(SessionState s)
    {
        var clock = ClockDeadline(s);
        return SessionDeadline(s) is { } cap && cap < clock ? cap : clock;
    }

    /// <summary>The next participant in array order after <paramref name="from"/> that has not expired, itself last.</summary>
    public static int? NextIndex(SessionState s, int from)
    {
        var n = s.Participants.Count;
        for (var k = 1; k <= n; k++)
        {
            var j = (from + k) % n;
            if (!s.Participants[j].HasExpired)
            {
                return j;
            }
        }

        return null;
    }

    /// <summary>The outgoing participant's turn ends: a lap, and the Fischer increment (or the per_cycle refill).</summary>
    public static void FinishTurn(SessionState s, ParticipantState current, ParticipantState next)
    {
        current.CycleCount++;
        if (current.HasExpired)
        {
            return;
        }

        switch (s.SyncMode)
        {
            case SyncModes.PerParticipant:
                current.TotalTimeMs += s.IncrementMs;
                break;
            case SyncModes.PerGroup when !Same(current.GroupId, next.GroupId):
                var g = GroupOf(s, current);
                g.TotalTimeMs += s.IncrementMs;
                Mirror(s, g);
                break;
            case SyncModes.Global:
                s.Participants.ForEach(q => q.TotalTimeMs += s.IncrementMs);
                break;
            case SyncModes.PerCycle:
                current.TotalTimeMs = s.TimePerCycleMs!.Value;
                break;
        }
    }

    public static void StartTurn(SessionState s, int index, long at)
    {
        var p = s.Participants[index];
        if (s.SyncMode == SyncModes.PerCycle)
        {
            p.TotalTimeMs = s.TimePerCycleMs!.Value;
        }

        s.ActiveParticipantId = p.ParticipantId;
        s.CycleStartedAt = at;
    }

    public static void EndSession(SessionState s, string status)
    {
        s.Status = status;
        s.CycleStartedAt = null;
    }

    private static GroupState GroupOf(SessionState s, ParticipantState p) =>
        s.Groups?.Find(g => Same(g.GroupId, p.GroupId))
        ?? throw new InvalidOperationException($"Participant {p.ParticipantId} has no group in session {s.SessionId}");

    private static void Mirror(SessionState s, GroupState g)
    {
        foreach (var q in s.Participants)
        {
            if (Same(q.GroupId, g.GroupId))
            {
                q.TotalTimeMs = g.TotalTimeMs;
                q.HasExpired = g.HasExpired;
            }
        }
    }

    private static void MarkExpired(SessionState s, ParticipantState p)
    {
        switch (s.SyncMode)
        {
            case SyncModes.PerGroup:
                var g = GroupOf(s, p);
                g.HasExpired = true;
                Mirror(s, g);
                break;
            case SyncModes.Global:
                s.Participants.ForEach(q => q.HasExpired = true);
                break;
            default:
                p.HasExpired = true;
                break;
        }
    }
}
