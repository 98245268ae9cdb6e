using System.Globalization;

namespace SyncKairos.Deploy.Tests.Drills;

/// <summary>Percentiles and a one-line figure format for drill reports.</summary>
public static class DrillStats
{
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static string Ms(double value) => value.ToString("F1", CultureInfo.InvariantCulture) + " ms";

    /// <summary>Longer outages when SYNCKAIROS_DRILL_FULL=1 (docs/RESILIENCE.md), seconds-long ones in CI.</summary>
    public static bool Full => Environment.GetEnvironmentVariable("SYNCKAIROS_DRILL_FULL") == "1";

    public static TimeSpan Scale(TimeSpan ci, TimeSpan full) => Full ? full : ci;
}
