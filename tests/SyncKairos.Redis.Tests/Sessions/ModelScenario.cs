using FsCheck;
using FsCheck.Fluent;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Redis.Tests.Sessions;

/// <summary>A generated session configuration and command sequence, by participant index.</summary>
internal sealed record ModelScenario(
    string Mode,
    int Participants,
    long Budget,
    long Delay,
    long Increment,
    string? Policy,
    long? MaxTime,
    int[] Groups,
    ModelStep[] Steps)
{
    public static Gen<ModelScenario> Generator { get; } =
        from mode in Gen.Elements(SyncModes.All.ToArray())
        from participants in Gen.Choose(1, 4)
        from budget in Gen.Choose(1, 4).Select(x => x * 1000L)
        from delay in Gen.Elements(0L, 0L, 300L, 1500L)
        from increment in Gen.Elements(0L, 0L, 500L, 1000L)
        from policy in Gen.Elements<string?>(null, ExpiryPolicies.EndSession, ExpiryPolicies.NextParticipant)
        from maxTime in Gen.Elements<long?>(null, null, 3000L, 8000L)
        from groups in Gen.ArrayOf(Gen.Choose(0, 1), participants)
        from steps in Gen.ListOf(ModelStep.Generator(participants)).Select(l => l.ToArray())
        select new ModelScenario(mode, participants, budget, delay, increment, policy, maxTime, groups, steps);

    public override string ToString() =>
        $"{Mode} n={Participants} budget={Budget} delay={Delay} inc={Increment} policy={Policy ?? "-"} max={MaxTime?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} groups=[{string.Join(",", Groups)}] steps: {string.Join("; ", Steps.Select(s => s.ToString()))}";
}
