using FsCheck;
using FsCheck.Fluent;

namespace SyncKairos.Redis.Tests.Sessions;

/// <summary>One generated step: a command, how far the gateway clock moves (may go back), and guard/target indices (-1 = none, 9 = unknown id).</summary>
internal sealed record ModelStep(ModelCommandKind Kind, int Advance, int Next, int Expected)
{
    public static Gen<ModelStep> Generator(int participants) =>
        from kind in Gen.Frequency(
            (2, Gen.Constant(ModelCommandKind.Start)),
            (8, Gen.Constant(ModelCommandKind.Switch)),
            (2, Gen.Constant(ModelCommandKind.Pause)),
            (2, Gen.Constant(ModelCommandKind.Resume)),
            (1, Gen.Constant(ModelCommandKind.Complete)),
            (4, Gen.Constant(ModelCommandKind.Expire)))
        from advance in Gen.Frequency((1, Gen.Choose(-400, 0)), (6, Gen.Choose(0, 2500)))
        from next in Gen.Frequency((5, Gen.Constant(-1)), (4, Gen.Choose(0, participants - 1)), (1, Gen.Constant(9)))
        from expected in Gen.Frequency((6, Gen.Constant(-1)), (3, Gen.Choose(0, participants - 1)))
        select new ModelStep(kind, advance, next, expected);

    public override string ToString() => $"{Kind}{(Advance >= 0 ? "+" : "")}{Advance}{(Next >= 0 ? $" next={Next}" : "")}{(Expected >= 0 ? $" exp={Expected}" : "")}";
}
