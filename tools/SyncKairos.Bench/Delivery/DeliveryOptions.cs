using System.Globalization;

namespace SyncKairos.Bench.Delivery;

/// <summary>Options of <c>delivery</c>: <c>--sessions N --rounds N --warmup N --pull-ms N --gap-ms N --mechanism observer|stream|both</c>.</summary>
internal sealed record DeliveryOptions(int Sessions, int Rounds, int Warmup, TimeSpan PullPeriod, TimeSpan Gap, bool[] Mechanisms)
{
    public static DeliveryOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }

            values[args[i][2..]] = args[++i];
        }

        int Int(string name, int fallback) =>
            values.Remove(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var options = new DeliveryOptions(
            Int("sessions", 200),
            Int("rounds", 50),
            Int("warmup", 10),
            TimeSpan.FromMilliseconds(Int("pull-ms", 10)),
            TimeSpan.FromMilliseconds(Int("gap-ms", 50)),
            (values.Remove("mechanism", out var m) ? m : "both") switch
            {
                "observer" => [false],
                "stream" => [true],
                "both" => [false, true],
                var other => throw new ArgumentException($"--mechanism: observer, stream or both, not '{other}'"),
            });
        if (values.Count > 0)
        {
            throw new ArgumentException("unknown option --" + values.Keys.First());
        }

        return options;
    }
}
