namespace SyncKairos.Bench.Reporting;

/// <summary>A latency distribution in milliseconds, as written to the JSON result.</summary>
public sealed record LatencySummary(long Count, double MinMs, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs);
