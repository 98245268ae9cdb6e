using System.Globalization;

namespace SyncKairos.Bench.Engine;

/// <summary>Arguments of the <c>grain</c> command: <c>grain --endpoint host:port [--sessions N] [--seconds S] [--concurrency C] [--warmup S]</c>.</summary>
internal sealed class GrainBenchmarkOptions
{
    public string Endpoint { get; private set; } = "127.0.0.1:6379";

    public string Label { get; private set; } = "redis";

    public int Sessions { get; private set; } = 10_000;

    public int Seconds { get; private set; } = 20;

    public int Concurrency { get; private set; } = 32;

    public int WarmupSeconds { get; private set; } = 10;

    public static GrainBenchmarkOptions Parse(string[] args)
    {
        var options = new GrainBenchmarkOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--endpoint":
                    options.Endpoint = value;
                    break;
                case "--label":
                    options.Label = value;
                    break;
                case "--sessions":
                    options.Sessions = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--seconds":
                    options.Seconds = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--warmup":
                    options.WarmupSeconds = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--concurrency":
                    options.Concurrency = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}");
            }
        }

        return options;
    }
}
