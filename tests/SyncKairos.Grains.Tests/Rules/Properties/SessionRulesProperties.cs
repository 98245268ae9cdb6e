using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grains.Rules;

namespace SyncKairos.Grains.Tests.Rules.Properties;

/// <summary>
/// Invariants of the rules over random sessions and command sequences (<see cref="Scenario"/>). FsCheck.Xunit.v3
/// needs xunit.v3 4.x, so each property runs through <see cref="Check"/> inside a fact.
/// </summary>
public sealed class SessionRulesProperties
{
    private const int Runs = 300;

    [Fact]
    public void The_rules_agree_with_the_spec_model() => Holds(trace =>
    {
        var model = new SpecModel(trace.Created);
        foreach (var step in trace.Steps)
        {
            var (error, expired, committed) = model.Apply(step.Kind, step.Now, step.Request?.NextParticipantId, step.Request?.ExpectedActiveParticipantId);
            var where = trace.Where(step);
            Assert.True(error == step.Result.Error?.Code, $"error {step.Result.Error?.Code ?? "none"}, the model says {error ?? "none"} {where}");
            Assert.True(committed == step.Commits, $"committed {step.Commits}, the model says {committed} {where}");
            if (step.Kind == CommandKind.Switch)
            {
                Assert.True(expired == step.Result.ExpiredParticipantId, $"expired {step.Result.ExpiredParticipantId ?? "none"}, the model says {expired ?? "none"} {where}");
            }

            var actual = step.Commits ? step.Result.State!.ToJson() : step.InputJson;
            var expected = model.State.ToJson();
            Assert.True(expected == actual, $"state differs {where}\nmodel: {expected}\nrules: {actual}");
        }
    });

    [Fact]
    public void Versions_strictly_increase() => Holds(trace =>
    {
        Assert.Equal(1, trace.Created.Version);
        foreach (var step in trace.Steps)
        {
            var where = trace.Where(step);
            if (step.Commits)
            {
                var s = step.Result.State!;
                Assert.True(s.Version == step.Input.Version + 1, $"version {s.Version} after {step.Input.Version} {where}");
                Assert.True(s.UpdatedAt >= step.Input.UpdatedAt, $"updated_at went back {where}");
            }
            else if (step.Kind == CommandKind.Delete)
            {
                Assert.True(step.Result.State!.Version == step.Input.Version, $"delete bumped the version {where}");
            }
        }

        var versions = trace.States.Select(s => s.Version).ToList();
        Assert.True(versions.Zip(versions.Skip(1)).All(p => p.Second > p.First), $"versions [{string.Join(",", versions)}]");
    });

    [Fact]
    public void While_running_exactly_one_clock_runs() => Holds(trace =>
    {
        foreach (var s in trace.States.Where(s => s.Status == SessionStatuses.Running))
        {
            var what = $"{s.ToJson()} in {trace.Scenario}";
            var view = SessionView.At(s, s.UpdatedAt);
            Assert.True(view.Participants.Count(p => p.IsActive) == 1, $"not one active participant: {what}");
            Assert.True(s.CycleStartedAt is not null && s.DeadlineAt is not null, $"running without a clock: {what}");

            // One millisecond once the delay is over: exactly one clock (one participant; per_group one group) moves by one.
            var from = Math.Max(s.UpdatedAt, s.CycleStartedAt!.Value + s.DelayMs);
            if (from + 1 > s.DeadlineAt)
            {
                continue;
            }

            var (a, b) = (SessionView.At(s, from), SessionView.At(s, from + 1));
            var moved = a.Participants.Zip(b.Participants).Where(p => p.First.TimeRemainingMs != p.Second.TimeRemainingMs).ToList();
            Assert.True(moved.Count == 1 && moved[0].First.IsActive && moved[0].First.TimeRemainingMs - moved[0].Second.TimeRemainingMs == 1, $"clocks moved: {moved.Count} {what}");
            if (s.SyncMode == SyncModes.PerGroup)
            {
                var groups = a.Groups!.Zip(b.Groups!).Count(g => g.First.TimeRemainingMs != g.Second.TimeRemainingMs);
                Assert.True(groups == 1, $"{groups} group clocks moved: {what}");
            }
        }
    });

    [Fact]
    public void Time_charged_equals_wall_time_elapsed_minus_delay() => Holds(trace =>
    {
        foreach (var step in trace.Steps.Where(s => s.Commits))
        {
            var (before, after) = (step.Input, step.Result.State!);
            var charged = after.Participants.Sum(p => p.TimeUsedMs) - before.Participants.Sum(p => p.TimeUsedMs);
            long expected = 0;
            if (before.Status == SessionStatuses.Running)
            {
                // The clock stops at its deadline on switch and expiry; pause and complete charge up to now.
                var now = Math.Max(step.Now, before.UpdatedAt);
                var at = step.Kind is CommandKind.Switch or CommandKind.Expire ? Math.Min(now, before.DeadlineAt!.Value) : now;
                var active = before.Participants.Single(p => string.Equals(p.ParticipantId, before.ActiveParticipantId, StringComparison.OrdinalIgnoreCase));
                expected = Math.Clamp(at - before.CycleStartedAt!.Value - before.DelayMs, 0, active.TotalTimeMs);
                if (before.Groups is { } groups)
                {
                    var groupCharged = after.Groups!.Sum(g => g.TimeUsedMs) - groups.Sum(g => g.TimeUsedMs);
                    Assert.True(groupCharged == expected, $"group charged {groupCharged}, expected {expected} {trace.Where(step)}");
                }
            }

            Assert.True(charged == expected, $"charged {charged}, expected {expected} {trace.Where(step)}");
        }
    });

    [Fact]
    public void A_clock_never_gains_time_except_by_increment_or_per_cycle_refill() => Holds(trace =>
    {
        foreach (var step in trace.Steps.Where(s => s.Commits))
        {
            var (before, after) = (step.Input, step.Result.State!);
            var turnPassed = step.Result.EventType is AuditEventTypes.CycleSwitched or AuditEventTypes.ParticipantExpired;
            var budgets = before.Participants.Zip(after.Participants).Select(p => (Old: p.First.TotalTimeMs, New: p.Second.TotalTimeMs));
            if (before.Groups is { } groups)
            {
                budgets = budgets.Concat(groups.Zip(after.Groups!).Select(g => (Old: g.First.TotalTimeMs, New: g.Second.TotalTimeMs)));
            }

            foreach (var (old, @new) in budgets.Where(b => b.New > b.Old))
            {
                var allowed = turnPassed && after.SyncMode switch
                {
                    SyncModes.PerCycle => @new == after.TimePerCycleMs,
                    SyncModes.CountUp => false,
                    _ => @new - old <= after.IncrementMs,
                };
                Assert.True(allowed, $"a clock went from {old} to {@new} on {step.Result.EventType} {trace.Where(step)}");
            }

            Assert.True(before.Participants.Zip(after.Participants).All(p => p.Second.TimeUsedMs >= p.First.TimeUsedMs), $"time_used_ms went back {trace.Where(step)}");
        }
    });

    [Fact]
    public void Expiry_happens_exactly_at_the_deadline_the_read_view_announced() => Holds(trace =>
    {
        foreach (var s in trace.States)
        {
            var announced = SessionView.At(s, s.UpdatedAt).DeadlineAt;
            if (s.Status != SessionStatuses.Running)
            {
                Assert.Null(announced);
                Assert.True(SessionRules.Expire(s, long.MaxValue / 2).IsNothingToDo, $"a {s.Status} session expired: {s.ToJson()}");
                continue;
            }

            var deadline = DateTimeOffset.Parse(announced!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
            var what = $"deadline {deadline - Sessions.T0} of {s.ToJson()} in {trace.Scenario}";
            foreach (var at in new[] { deadline - 1, deadline })
            {
                var commits = SessionRules.Expire(s, at).State is not null;
                Assert.True(commits == (Math.Max(at, s.UpdatedAt) >= deadline), $"expire at {at - Sessions.T0} committed {commits}: {what}");
            }

            // What is due then: the active clock reads zero, or the session's max_time_ms is spent.
            var active = SessionView.At(s, deadline).Participants.Single(p => p.IsActive);
            var cap = s.MaxTimeMs is { } max && s.SyncMode != SyncModes.CountUp ? s.SessionStartedAt + max + s.PausedTotalMs : null;
            Assert.True(active.TimeRemainingMs == 0 || deadline == cap, $"nothing is due: {what}");
        }
    });

    [Fact]
    public void Inputs_are_never_mutated() => Holds(trace =>
    {
        // Checked after the whole run, so that a later rule touching an earlier state is caught too.
        foreach (var step in trace.Steps)
        {
            Assert.True(step.Input.ToJson() == step.InputJson, $"input changed {trace.Where(step)}");
            if (step.Result.State is { } result)
            {
                var shared = !ReferenceEquals(result, step.Input)
                    && !ReferenceEquals(result.Participants, step.Input.Participants)
                    && result.Participants.All(p => !step.Input.Participants.Any(q => ReferenceEquals(p, q)))
                    && (result.Groups is null || !ReferenceEquals(result.Groups, step.Input.Groups))
                    && (result.Groups ?? []).All(g => !(step.Input.Groups ?? []).Any(q => ReferenceEquals(g, q)));
                Assert.True(shared, $"result shares objects with its input {trace.Where(step)}");
            }
        }
    });

    [Fact]
    public void A_finished_session_has_no_active_clock() => Holds(trace =>
    {
        foreach (var s in trace.States.Where(s => s.Status is SessionStatuses.Completed or SessionStatuses.Expired))
        {
            var what = $"{s.ToJson()} in {trace.Scenario}";
            Assert.True(s.CycleStartedAt is null && s.DeadlineAt is null, $"a clock runs: {what}");
            var (a, b) = (SessionView.At(s, s.UpdatedAt), SessionView.At(s, s.UpdatedAt + 100_000));
            Assert.True(a.Participants.Zip(b.Participants).All(p => p.First.TimeRemainingMs == p.Second.TimeRemainingMs), $"time still runs: {what}");
            if (s.Status == SessionStatuses.Completed)
            {
                Assert.True(s.ActiveParticipantId is null && s.SessionCompletedAt is not null && a.Participants.All(p => !p.IsActive), $"completed with an active participant: {what}");
            }
        }
    });

    private static void Holds(Action<Trace> invariant)
    {
        var property = Prop.ForAll(Scenario.Arbitrary, scenario => invariant(Trace.Play(scenario)));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs), property);
    }
}
