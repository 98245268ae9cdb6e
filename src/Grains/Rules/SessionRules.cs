using System.Text.Json;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Grains.Rules;

/// <summary>
/// The session rules of docs/API.md, once: pure functions <c>state × command × now → transition</c>, no I/O.
/// <c>now</c> is epoch milliseconds and is clamped so time never runs backwards (<c>max(now, updated_at)</c>).
/// A rule never changes the state it is given: it works on its own copy.
/// </summary>
public static class SessionRules
{
    /// <summary>Validates the request and builds the version-1 pending session.</summary>
    public static Transition Create(CreateSessionRequest request, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = SessionValidator.Validate(request);
        if (errors.Count > 0)
        {
            return Refuse(Refusals.Validation(errors));
        }

        var mode = request.SyncMode!;
        var total = request.TotalTimeMs!.Value;
        var s = new SessionState
        {
            SessionId = request.SessionId!,
            SyncMode = mode,
            Status = SessionStatuses.Pending,
            Version = 1,
            TotalTimeMs = total,
            TimePerCycleMs = request.TimePerCycleMs,
            IncrementMs = request.IncrementMs ?? 0,
            DelayMs = request.DelayMs ?? 0,
            MaxTimeMs = request.MaxTimeMs,
            ExpiryPolicy = request.ExpiryPolicy ?? ExpiryPolicies.DefaultFor(mode),
            CreatedAt = nowMs,
            UpdatedAt = nowMs,
            MetadataJson = request.Metadata is { ValueKind: JsonValueKind.Object } m ? m.GetRawText() : null,
        };

        // Shared clocks start every participant at the session budget; count_up counts towards its cap.
        var countUpCap = request.MaxTimeMs ?? total;
        foreach (var p in request.Participants!)
        {
            s.Participants.Add(new ParticipantState
            {
                ParticipantId = p!.ParticipantId!,
                ParticipantIndex = p.ParticipantIndex!.Value,
                GroupId = p.GroupId,
                TotalTimeMs = mode switch
                {
                    SyncModes.PerCycle => request.TimePerCycleMs!.Value,
                    SyncModes.Global or SyncModes.PerGroup => total,
                    SyncModes.CountUp => countUpCap,
                    _ => p.TotalTimeMs!.Value,
                },
            });
        }

        if (mode == SyncModes.PerGroup)
        {
            s.Groups = [];
            foreach (var p in s.Participants)
            {
                if (!s.Groups.Exists(g => Clock.Same(g.GroupId, p.GroupId)))
                {
                    s.Groups.Add(new GroupState { GroupId = p.GroupId!, TotalTimeMs = total });
                }
            }
        }

        return new Transition { State = s, EventType = AuditEventTypes.SessionCreated };
    }

    /// <summary>Pending → running; the first participant in array order is active.</summary>
    public static Transition Start(SessionState state, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Status != SessionStatuses.Pending)
        {
            return Refuse(Refusals.InvalidTransition(state, "cannot be started"));
        }

        var (s, now) = Begin(state, nowMs);
        s.Status = SessionStatuses.Running;
        s.SessionStartedAt = now;
        Clock.StartTurn(s, 0, now);
        return Commit(s, now, AuditEventTypes.SessionStarted, actor: null);
    }

    /// <summary>Validates the body, the status, <c>expected_active_participant_id</c> and the next participant (request_id memos are the grain's).</summary>
    /// <remarks>
    /// A clock found at zero passes the turn (policy <c>next_participant</c>) as of the instant it hit zero, as
    /// <see cref="Expire"/> would have; a session cap found passed ends the session at the cap. The audit actor is
    /// the participant whose turn ended, also when the switch ends the session.
    /// </remarks>
    public static Transition Switch(SessionState state, SwitchRequest request, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(request);
        var errors = SessionValidator.Validate(request);
        if (errors.Count > 0)
        {
            return Refuse(Refusals.Validation(errors));
        }

        if (state.Status != SessionStatuses.Running)
        {
            return Refuse(Refusals.InvalidTransition(state, "not running"));
        }

        if (request.ExpectedActiveParticipantId is { Length: > 0 } expected && !Clock.Same(expected, state.ActiveParticipantId))
        {
            return Refuse(Refusals.NotActiveParticipant(expected));
        }

        int? chosen = null;
        if (request.NextParticipantId is { Length: > 0 } nextId)
        {
            var found = Clock.Find(state, nextId);
            if (found < 0)
            {
                return Refuse(Refusals.UnknownNextParticipant(nextId));
            }

            if (state.Participants[found].HasExpired)
            {
                return Refuse(Refusals.ExpiredNextParticipant(nextId));
            }

            chosen = found;
        }

        var (s, now) = Begin(state, nowMs);
        var currentIndex = Clock.ActiveIndex(s);
        var current = s.Participants[currentIndex];
        string? expired = null;
        var eventType = AuditEventTypes.CycleSwitched;
        if (Clock.SessionDeadline(s) is { } cap && cap <= now)
        {
            if (Clock.Charge(s, cap))
            {
                expired = current.ParticipantId;
            }

            Clock.EndSession(s, SessionStatuses.Expired);
            eventType = AuditEventTypes.SessionExpired;
        }
        else
        {
            var turnAt = now;
            var zeroAt = Clock.ClockDeadline(s);
            if (Clock.Charge(s, now))
            {
                expired = current.ParticipantId;
                turnAt = zeroAt;
            }

            if (expired is not null && s.ExpiryPolicy != ExpiryPolicies.NextParticipant)
            {
                Clock.EndSession(s, SessionStatuses.Expired);
                eventType = AuditEventTypes.SessionExpired;
            }
            else
            {
                // The chosen one may have just expired with the clock it shares (global, per_group).
                if (chosen is not { } c || s.Participants[c].HasExpired)
                {
                    chosen = Clock.NextIndex(s, currentIndex);
                }

                if (chosen is { } next)
                {
                    Clock.FinishTurn(s, current, s.Participants[next]);
                    Clock.StartTurn(s, next, turnAt);
                }
                else
                {
                    Clock.EndSession(s, SessionStatuses.Expired);
                    eventType = AuditEventTypes.SessionExpired;
                }
            }
        }

        return Commit(s, now, eventType, current.ParticipantId, expired);
    }

    /// <summary>
    /// Running → paused: charges the clock and remembers how much of the turn's delay was used, so that
    /// <see cref="Resume"/> does not grant the delay twice.
    /// </summary>
    public static Transition Pause(SessionState state, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Status != SessionStatuses.Running)
        {
            return Refuse(Refusals.InvalidTransition(state, "cannot be paused"));
        }

        var (s, now) = Begin(state, nowMs);
        var elapsed = Math.Max(0, now - s.CycleStartedAt!.Value);
        var delayUsed = Math.Min(s.DelayMs, elapsed);
        Clock.Charge(s, now);
        s.Status = SessionStatuses.Paused;
        s.PausedAt = now;
        s.PausedDelayUsedMs = delayUsed;
        s.CycleStartedAt = null;
        return Commit(s, now, AuditEventTypes.SessionPaused, actor: null);
    }

    /// <summary>
    /// Paused → running. <c>cycle_started_at</c> is set back by the delay already used in this turn, so the
    /// charge formula stays exact; the time spent paused pushes a session-level <c>max_time_ms</c> back.
    /// </summary>
    public static Transition Resume(SessionState state, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Status != SessionStatuses.Paused)
        {
            return Refuse(Refusals.InvalidTransition(state, "cannot be resumed"));
        }

        var (s, now) = Begin(state, nowMs);
        s.PausedTotalMs += now - s.PausedAt!.Value;
        s.CycleStartedAt = now - s.PausedDelayUsedMs!.Value;
        s.PausedAt = null;
        s.PausedDelayUsedMs = null;
        s.Status = SessionStatuses.Running;
        return Commit(s, now, AuditEventTypes.SessionResumed, actor: null);
    }

    /// <summary>
    /// Pending/running/paused/expired → completed, charging a running clock; a completed session has no active
    /// clock. The audit actor is the participant who was active. On a completed session there is nothing to do
    /// (<see cref="Transition.IsNothingToDo"/>): the reply is the state unchanged, with no new version.
    /// </summary>
    public static Transition Complete(SessionState state, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Status == SessionStatuses.Completed)
        {
            return new Transition();
        }

        if (state.Status is not (SessionStatuses.Pending or SessionStatuses.Running or SessionStatuses.Paused or SessionStatuses.Expired))
        {
            return Refuse(Refusals.InvalidTransition(state, "cannot be completed"));
        }

        var (s, now) = Begin(state, nowMs);
        if (s.Status == SessionStatuses.Running)
        {
            Clock.Charge(s, now);
        }

        var lastActive = s.ActiveParticipantId;
        s.ActiveParticipantId = null;
        s.PausedAt = null;
        s.PausedDelayUsedMs = null;
        s.SessionCompletedAt = now;
        Clock.EndSession(s, SessionStatuses.Completed);
        return Commit(s, now, AuditEventTypes.SessionCompleted, lastActive);
    }

    /// <summary>
    /// The audit record of a delete, in every status. <see cref="Transition.State"/> is the last state exactly as
    /// it was (a copy, not bumped); the <c>session_deleted</c> audit event's version is <c>State.Version + 1</c>
    /// and its <c>at</c> is <c>max(now, State.UpdatedAt)</c>.
    /// </summary>
    public static Transition Delete(SessionState state, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new Transition { State = StateCopy.Of(state), EventType = AuditEventTypes.SessionDeleted };
    }

    /// <summary>Applies expiry when <paramref name="nowMs"/> has reached <c>deadline_at</c>; otherwise nothing to do.</summary>
    /// <remarks>
    /// The clock is charged up to the deadline, not up to now: expiring late changes nothing but
    /// <c>updated_at</c>. Policy <c>next_participant</c> passes the turn as of the deadline (event
    /// <c>participant_expired</c>); otherwise, or with nobody left, the session expires. A session cap
    /// reached first ends the session with no actor.
    /// </remarks>
    public static Transition Expire(SessionState state, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Status != SessionStatuses.Running || Math.Max(nowMs, state.UpdatedAt) < Clock.Deadline(state))
        {
            return new Transition();
        }

        var (s, now) = Begin(state, nowMs);
        var currentIndex = Clock.ActiveIndex(s);
        var current = s.Participants[currentIndex];
        var clock = Clock.ClockDeadline(s);
        if (Clock.SessionDeadline(s) is { } cap && cap <= clock)
        {
            var ranOut = Clock.Charge(s, cap);
            Clock.EndSession(s, SessionStatuses.Expired);
            return Commit(s, now, AuditEventTypes.SessionExpired, actor: null, ranOut ? current.ParticipantId : null);
        }

        Clock.Charge(s, clock);
        if (s.ExpiryPolicy == ExpiryPolicies.NextParticipant && Clock.NextIndex(s, currentIndex) is { } next)
        {
            Clock.FinishTurn(s, current, s.Participants[next]);
            Clock.StartTurn(s, next, clock);
            return Commit(s, now, AuditEventTypes.ParticipantExpired, current.ParticipantId, current.ParticipantId);
        }

        Clock.EndSession(s, SessionStatuses.Expired);
        return Commit(s, now, AuditEventTypes.SessionExpired, current.ParticipantId, current.ParticipantId);
    }

    private static (SessionState State, long Now) Begin(SessionState state, long nowMs) =>
        (StateCopy.Of(state), Math.Max(nowMs, state.UpdatedAt));

    private static Transition Refuse(SessionError error) => new() { Error = error };

    private static Transition Commit(SessionState s, long now, string eventType, string? actor, string? expired = null)
    {
        s.Version++;
        s.UpdatedAt = now;
        s.DeadlineAt = s.Status == SessionStatuses.Running ? Clock.Deadline(s) : null;
        return new Transition { State = s, EventType = eventType, Actor = actor, ExpiredParticipantId = expired };
    }
}
