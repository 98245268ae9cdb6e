using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Grains.Tests.Rules.Properties;

/// <summary>One generated step: a command, how far the caller's clock moves (may go back), and guard/target indices (-1 = none, 9 = unknown id).</summary>
public sealed record ScenarioStep(CommandKind Kind, int Advance, int Next, int Expected)
{
    public static Gen<ScenarioStep> Generator(int participants) =>
        from kind in Gen.Frequency(
            (2, Gen.Constant(CommandKind.Start)),
            (8, Gen.Constant(CommandKind.Switch)),
            (2, Gen.Constant(CommandKind.Pause)),
            (2, Gen.Constant(CommandKind.Resume)),
            (1, Gen.Constant(CommandKind.Complete)),
            (4, Gen.Constant(CommandKind.Expire)),
            (1, Gen.Constant(CommandKind.Delete)))
        from advance in Gen.Frequency((1, Gen.Choose(-400, 0)), (6, Gen.Choose(0, 2500)))
        from next in Gen.Frequency((5, Gen.Constant(-1)), (4, Gen.Choose(0, participants - 1)), (1, Gen.Constant(9)))
        from expected in Gen.Frequency((6, Gen.Constant(-1)), (3, Gen.Choose(0, participants - 1)))
        select new ScenarioStep(kind, advance, next, expected);

    public override string ToString() =>
        $"{Kind}{(Advance >= 0 ? "+" : "")}{Advance}{(Next >= 0 ? $" next={Next}" : "")}{(Expected >= 0 ? $" exp={Expected}" : "")}";
}

/// <summary>A generated session configuration and command sequence, by participant index.</summary>
public sealed record Scenario(
    string Mode,
    int Participants,
    long Budget,
    long Delay,
    long Increment,
    string? Policy,
    long? MaxTime,
    int[] Groups,
    ScenarioStep[] Steps)
{
    public static Arbitrary<Scenario> Arbitrary { get; } = Generator().ToArbitrary();

    public override string ToString() =>
        $"{Mode} n={Participants} budget={Budget} delay={Delay} inc={Increment} policy={Policy ?? "-"} " +
        $"max={MaxTime?.ToString(CultureInfo.InvariantCulture) ?? "-"} groups=[{string.Join(",", Groups)}] " +
        $"steps: {string.Join("; ", Steps.Select(s => s.ToString()))}";

    private static Gen<Scenario> Generator() =>
        from mode in Gen.Elements(SyncModes.All.ToArray())
        from participants in Gen.Choose(1, 4)
        from budget in Gen.Choose(1, 4).Select(x => x * 1000L)
        from delay in Gen.Elements(0L, 0L, 300L, 1500L)
        from increment in Gen.Elements(0L, 0L, 500L, 1000L)
        from policy in Gen.Elements<string?>(null, ExpiryPolicies.EndSession, ExpiryPolicies.NextParticipant)
        from maxTime in Gen.Elements<long?>(null, null, 3000L, 8000L)
        from groups in Gen.ArrayOf(Gen.Choose(0, 1), participants)
        from steps in Gen.ListOf(ScenarioStep.Generator(participants)).Select(l => l.ToArray())
        select new Scenario(mode, participants, budget, delay, increment, policy, maxTime, groups, steps);
}
