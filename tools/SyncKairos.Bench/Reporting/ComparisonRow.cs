namespace SyncKairos.Bench.Reporting;

/// <summary>One figure of two runs side by side; <see cref="Ratio"/> is this/other (null when either is missing or other is 0).</summary>
public sealed record ComparisonRow(string Name, double? This, double? Other)
{
    public double? Ratio => This is { } a && Other is { } b && b != 0 ? a / b : null;
}
