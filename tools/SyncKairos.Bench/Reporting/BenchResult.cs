namespace SyncKairos.Bench.Reporting;

/// <summary>The machine-readable result of one scenario run (written with <see cref="ResultFile"/>).</summary>
public sealed class BenchResult
{
    public required string Scenario { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public MachineInfo Machine { get; init; } = MachineInfo.Current();

    /// <summary>The options the run used, as given on the command line (after defaults).</summary>
    public SortedDictionary<string, string> Parameters { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Scalar figures: throughput, counts, shares, memory, client CPU...</summary>
    public SortedDictionary<string, double> Figures { get; init; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, LatencySummary> Latencies { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Failed operations by error code (API error code, HTTP status, gRPC status or exception type).</summary>
    public SortedDictionary<string, long> Errors { get; init; } = new(StringComparer.Ordinal);

    public long TotalErrors => Errors.Values.Sum();
}
